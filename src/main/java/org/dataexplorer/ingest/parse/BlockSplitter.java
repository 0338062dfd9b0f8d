package org.dataexplorer.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream of CSV text into blocks that {@link BlockTokenizer} can tokenize on many threads at once.
 * A block ends just after a line ending where the quotes seen since the block's start are even in number:
 * where a record ends, unless quotes stand inside unquoted values. That is a guess, checked when the block
 * before is tokenized (see {@link BlockTokenizer#tokenize}). Each block also carries its stream offset and
 * the physical line it starts on (line endings counted as the tokenizer counts them), so blocks need not
 * wait for one another.
 *
 * <p>One pass over the bytes, eight at a time, on the thread that reads the stream; the bytes after the cut
 * start the next block.
 */
public final class BlockSplitter {

    /** A block of whole records (as far as the cut's guess goes), at {@code offset}, starting on {@code line}. */
    public record Block(byte[] bytes, int length, long offset, long line, boolean last) {
    }


    /** Bytes read from the stream at a time: what is read past a cut is copied to the next block. */
    private static final int PIECE = 128 * 1024;

    private final InputStream in;
    private final BlockBuffers buffers;
    private final int blockBytes;
    private final long maxLines;
    private final int quote;
    private final long quoteBits;
    private long offset;
    private long line;
    /** The block being filled: {@code [0, filled)} read, {@code [0, scanned)} counted. */
    private byte[] bytes;
    private int filled;
    private int scanned;
    private long quotes;
    /** LFs and CRs not followed by an LF in {@code [0, scanned)}: physical lines, as the tokenizers count them. */
    private long lineEnds;
    private boolean eof;

    /**
     * @param buffers    where the blocks' arrays come from: their size is the most bytes a block holds (a record
     *                   longer than that goes to the streaming tokenizer)
     * @param maxLines   the most line endings a block holds (so it yields one chunk of at most that many rows)
     * @param quote      the quote byte, or -1 when the dialect has none
     */
    public BlockSplitter(InputStream in, long offset, long line, BlockBuffers buffers, long maxLines, int quote) {
        if (buffers.size() < 2 * Long.BYTES) {
            throw new IllegalArgumentException("blocks of " + buffers.size() + " bytes");
        }
        this.in = in;
        this.offset = offset;
        this.line = line;
        this.buffers = buffers;
        this.blockBytes = buffers.size();
        this.maxLines = Math.max(1, maxLines);
        this.quote = quote;
        this.quoteBits = quote < 0 ? 0 : Swar.broadcast(quote);
        this.bytes = buffers.take();
    }

    /** What {@link #next} returns when it would have to wait for the input. */
    public static final Block NOT_YET = new Block(new byte[0], 0, -1, -1, false);

    /**
     * The next block, or null at the end of the input, or a block of length 0 (not last) when no line ending
     * fit in {@code blockBytes}: a record that long must be read by the streaming tokenizer from the block's
     * offset on.
     *
     * @param wait whether to wait for the input once (else, and after that once, {@link #NOT_YET} is returned
     *             instead of waiting), so that the caller can finish what it holds while the upload is slow
     */
    public Block next(boolean wait) throws IOException {
        if (bytes == null) {
            return null;
        }
        boolean mayWait = wait;
        while (true) {
            if (lineEnds >= maxLines || (filled == bytes.length && !eof)) {
                return cut();
            }
            if (eof) {
                return filled == 0 ? null : rest();
            }
            if (!mayWait && in.available() == 0) {
                return NOT_YET;
            }
            mayWait = false;
            int n = in.read(bytes, filled, Math.min(PIECE, bytes.length - filled));
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
                count();
            }
        }
    }

    /** At the end of the input: all that is left is the last block. */
    private Block rest() {
        Block block = new Block(bytes, filled, offset, line, true);
        offset += filled;
        filled = 0;
        bytes = null;
        return block;
    }

    /** Counts quotes and line endings word by word, as far as the byte after each is read, or enough lines are. */
    private void count() {
        byte[] b = bytes;
        int p = scanned;
        long q = quotes;
        long lines = lineEnds;
        boolean withQuote = quote >= 0;
        for (; p + Long.BYTES < filled && lines < maxLines; p += Long.BYTES) {
            long word = Swar.word(b, p);
            long lf = Swar.equalBytes(word, Swar.LF_BITS);
            long cr = Swar.equalBytes(word, Swar.CR_BITS);
            if (withQuote) {
                q += Long.bitCount(Swar.equalBytes(word, quoteBits));
            }
            lines += Long.bitCount(lf);
            if (cr != 0) {
                // A CR ends a line unless an LF follows (then the LF does).
                long crLf = cr & ((lf >>> 8) | (b[p + Long.BYTES] == '\n' ? Long.MIN_VALUE : 0));
                lines += Long.bitCount(cr) - Long.bitCount(crLf);
            }
        }
        scanned = p;
        quotes = q;
        lineEnds = lines;
    }

    /**
     * Cuts the block just past the last line ending in {@code [0, scanned)} that follows an even number of quotes
     * and is at most the {@code maxLines}th (else, when the quotes do not pair up near the end, just past the
     * last such line ending whatever the quotes).
     */
    private Block cut() {
        byte[] b = bytes;
        long quotesAfter = 0;
        long linesAfter = 0;
        int anyCut = -1;
        long anyCutLines = 0;
        int cut = -1;
        long cutLines = 0;
        int searchFrom = scanned - 1;
        int window = Math.max(1 << 16, scanned >>> 2);
        for (int i = searchFrom; i >= 0; i--) {
            int c = b[i] & 0xFF;
            if (c == quote) {
                quotesAfter++;
                continue;
            }
            if (c != '\n' && (c != '\r' || b[i + 1] == '\n')) {
                continue;
            }
            long before = lineEnds - linesAfter;
            linesAfter++;
            if (before > maxLines) {
                continue;
            }
            if (((quotes - quotesAfter) & 1) == 0) {
                cut = i + 1;
                cutLines = before;
                break;
            }
            if (anyCut < 0) {
                anyCut = i + 1;
                anyCutLines = before;
            }
            if (searchFrom - i > window) {
                break;
            }
        }
        if (cut < 0) {
            cut = anyCut;
            cutLines = anyCutLines;
        }
        if (cut < 0) {
            // No line ending in a whole block; the streaming tokenizer reads from here, the splitter is done.
            Block none = new Block(bytes, 0, offset, line, false);
            bytes = null;
            return none;
        }
        byte[] blockBytes = bytes;
        int carry = filled - cut;
        if (cut >= bytes.length / 2) {
            bytes = buffers.take();
            System.arraycopy(blockBytes, cut, bytes, 0, carry);
        } else {
            blockBytes = Arrays.copyOf(bytes, cut);
            System.arraycopy(bytes, cut, bytes, 0, carry);
        }
        Block block = new Block(blockBytes, cut, offset, line, false);
        offset += cut;
        line += cutLines;
        filled = carry;
        scanned = 0;
        quotes = 0;
        lineEnds = 0;
        count();
        return block;
    }
}
