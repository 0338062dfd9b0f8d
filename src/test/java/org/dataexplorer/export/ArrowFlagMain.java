package org.dataexplorer.export;

/** Prints whether Arrow export is available in this JVM, for {@link LargeExportSmallHeapTest}. */
public final class ArrowFlagMain {

    private ArrowFlagMain() {
    }

    public static void main(String[] args) {
        try {
            Exporter.checkAvailable(ExportFormat.ARROW);
            System.out.println("available");
        } catch (ExportUnavailableException e) {
            System.out.println("unavailable: " + e.getMessage());
        }
    }
}
