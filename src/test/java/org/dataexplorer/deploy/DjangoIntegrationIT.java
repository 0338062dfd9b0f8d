package org.dataexplorer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Django integration ({@code etc/django}) against the real WAR: with the service in token mode as a
 * server process ({@link SharedService}), runs the integration's Django test suite ({@code runtests.py}) with Debian's
 * {@code /usr/bin/python3} (python3-django, python3-requests) pointed at it, and asserts that every test ran
 * and passed. Skips with a reason when that Python lacks Django or requests, unless {@code CI=true}.
 */
@ExtendWith(SharedService.class)
class DjangoIntegrationIT {

    private static final Path PYTHON = Path.of(System.getProperty("django.python", "/usr/bin/python3"));
    private static final Path PROJECT = Path.of("etc", "django").toAbsolutePath();
    private static final long SUITE_TIMEOUT_SECONDS = 300;
    /** The reason etc/django/tests/support.py gives when it skips a test for want of a service. */
    private static final String NO_SERVICE = "DATA_SERVICE_URL is not set";

    @Test
    void djangoSuitePassesAgainstTheService(SharedService.Handle shared) throws Exception {
        ServiceProcess.require(Files.isExecutable(PYTHON), "DjangoIntegrationIT", PYTHON + " is not installed");
        Result probe = run(List.of(PYTHON.toString(), "-c", "import django, requests"), Map.of(), 60);
        ServiceProcess.require(probe.exit() == 0, "DjangoIntegrationIT", PYTHON
                + " lacks Django or requests (Debian: python3-django python3-requests): " + probe.output().strip());

        ServiceProcess service = shared.get();
        Path base = service.base;
        Result suite = run(List.of(PYTHON.toString(), "runtests.py", "-v", "2"), Map.of(
                "DATA_SERVICE_URL", service.uri("").toString(),
                "DATA_SERVICE_SECRET", service.serviceSecret,
                "DATA_JWT_SECRET", service.jwtSecret,
                "DATA_TEST_JWT_PRIVATE_KEY", service.jwtPrivateKeyPem), SUITE_TIMEOUT_SECONDS);
        Files.writeString(base.resolve("django-tests.log"), suite.output());
        System.out.println("---- Django integration tests (etc/django/runtests.py) ----");
        System.out.println(suite.output());
        System.out.println("---- end of Django integration tests ----");
        String summary = "the Django suite (log: " + base.resolve("django-tests.log") + ", service log: "
                + base.resolve("server.log") + ")";
        assertEquals(0, suite.exit(), summary + " failed:\n" + suite.output());
        Matcher ran = Pattern.compile("(?m)^Ran (\\d+) tests? in").matcher(suite.output());
        assertTrue(ran.find() && Integer.parseInt(ran.group(1)) >= 20, summary + " ran too few tests");
        assertTrue(suite.output().contains("\nOK"), summary + " did not end with OK");
        assertFalse(suite.output().contains(NO_SERVICE), summary + " skipped the tests that need the service");
        List<String> skipped = skipped(suite.output());
        if (!skipped.isEmpty()) {
            String what = summary + " skipped " + skipped.size() + " tests:\n" + String.join("\n", skipped);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(what + "\n(CI=true: every test must run; the RS256 test needs python3-jwt python3-cryptography)");
            }
            System.out.println("DjangoIntegrationIT: " + what);
        }
    }

    private record Result(int exit, String output) {
    }

    /**
     * The tests unittest reports as skipped ({@code -v 2}: {@code test_x (module.Class.test_x) ... skipped 'reason'},
     * or the docstring's first line before the dots), and its summary's count if that is more.
     */
    static List<String> skipped(String output) {
        List<String> skipped = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(.*?) \\.\\.\\. skipped (.*)$").matcher(output);
        while (m.find()) {
            skipped.add(m.group(1) + ": " + m.group(2));
        }
        Matcher total = Pattern.compile("(?m)^OK \\(skipped=(\\d+)\\)").matcher(output);
        if (total.find() && skipped.size() < Integer.parseInt(total.group(1))) {
            skipped.add("(" + total.group(1) + " in all, by unittest's summary)");
        }
        return skipped;
    }

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(Path.of("target"), "django-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().putAll(env);
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            pb.environment().put("PYTHONUNBUFFERED", "1");
            pb.environment().remove("PYTHONPATH");
            pb.environment().remove("PYTHONHOME");
            Process process = pb.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(command + " did not finish within " + timeoutSeconds + " s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
