package org.dataexplorer.export;

/**
 * How text formats are written.
 *
 * @param delimiter field separator of CSV (TSV always uses a tab)
 * @param header    whether CSV/TSV starts with the column names
 * @param isoDates  dates and timestamps as ISO-8601 instead of the layout they were detected in
 *                  (JSON, Parquet and Arrow always use ISO or native types)
 * @param nullText  how CSV/TSV write a null
 * @param safe      CSV/TSV: prefix {@code '} to text cells starting with {@code = + - @}, a tab or a carriage
 *                  return, so a spreadsheet does not run them as formulas ({@code safeExport=true})
 */
public record ExportOptions(char delimiter, boolean header, boolean isoDates, String nullText, boolean safe) {

    public ExportOptions(char delimiter, boolean header, boolean isoDates, String nullText) {
        this(delimiter, header, isoDates, nullText, false);
    }

    public ExportOptions {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        if (nullText == null) {
            nullText = "";
        }
        if (nullText.indexOf(delimiter) >= 0 || nullText.indexOf('"') >= 0 || nullText.indexOf('\n') >= 0
                || nullText.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the null text cannot hold the delimiter, a quote or a line break");
        }
    }

    /** Comma, header, dates in their detected layout, nulls as empty fields. */
    public static ExportOptions defaults() {
        return new ExportOptions(',', true, false, "");
    }
}
