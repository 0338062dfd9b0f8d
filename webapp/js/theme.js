// Before the first paint: the saved theme, else the system's. A classic script (not a module) so that it runs
// before the page is drawn; it lives in a file because the Content-Security-Policy allows no inline script.
document.documentElement.dataset.theme = localStorage.getItem('explorer.theme')
  || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
