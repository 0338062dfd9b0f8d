package org.dataexplorer.query.filter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.dataexplorer.query.Budget;
import org.dataexplorer.query.QueryException;

/**
 * Regular expressions from clients, bounded: the pattern's length is capped, and matching runs over a
 * {@link CharSequence} that checks the request's deadline every few thousand character reads, so a
 * catastrophically backtracking pattern ends with the time budget's error instead of holding a thread.
 */
public final class RegexGuard {

    /** Longest pattern accepted, in chars. */
    public static final int MAX_PATTERN_LENGTH = 1000;

    /**
     * Character reads one match of one value may make (the {@code __regex} row filter): a sane pattern reads each
     * character a few times, a catastrophically backtracking one (e.g. {@code (a+)+$} on 30 a's and a b) billions.
     */
    public static final long MAX_STEPS_PER_VALUE = 1_000_000;

    private RegexGuard() {
    }

    /**
     * @throws QueryException naming {@code parameter} when the pattern is too long
     * @throws PatternSyntaxException when it does not compile (callers decide what that means)
     */
    public static Pattern compile(String pattern, int flags, String parameter) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new QueryException(parameter, "The regular expression is " + pattern.length()
                    + " characters long; at most " + MAX_PATTERN_LENGTH + " are allowed");
        }
        return Pattern.compile(pattern, flags);
    }

    /** {@code pattern.matcher(text).find()}, checking the budget's deadline while the matcher backtracks. */
    public static boolean find(Pattern pattern, CharSequence text, Budget budget) {
        return pattern.matcher(new Deadline(text, budget)).find();
    }

    /**
     * {@code pattern.matcher(text).find()} within {@link #MAX_STEPS_PER_VALUE} character reads.
     *
     * @throws QueryException naming {@code parameter} when the match needs more
     */
    public static boolean findWithinSteps(Pattern pattern, CharSequence text, String parameter) {
        return pattern.matcher(new Steps(text, new long[] {MAX_STEPS_PER_VALUE}, parameter)).find();
    }

    /** A view of a char sequence whose reads spend a shared step allowance. */
    private static final class Steps implements CharSequence {
        private final CharSequence text;
        private final long[] left;
        private final String parameter;

        Steps(CharSequence text, long[] left, String parameter) {
            this.text = text;
            this.left = left;
            this.parameter = parameter;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new QueryException(parameter, "The regular expression backtracks too much (over "
                        + MAX_STEPS_PER_VALUE + " steps on one value); simplify it, e.g. avoid nested repetition like (a+)+");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Steps(text.subSequence(start, end), left, parameter);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** A view of a char sequence whose reads tick the budget. */
    private static final class Deadline implements CharSequence {
        private final CharSequence text;
        private final Budget budget;

        Deadline(CharSequence text, Budget budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            budget.tick();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), budget);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
