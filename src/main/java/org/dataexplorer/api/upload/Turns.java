package org.dataexplorer.api.upload;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upload's steps, run in order and one at a time on a shared pool, one step per turn: after each step
 * the upload goes to the back of the pool's queue, so uploads whose clients send fast take turns on a few
 * threads instead of each keeping one. When the pool no longer takes tasks (shutting down), steps run on
 * the thread that submits them.
 */
final class Turns implements Executor {

    private final Executor pool;
    private final Queue<Runnable> steps = new ConcurrentLinkedQueue<>();
    /** Whether a turn is queued or running: at most one is, which keeps the steps in order and apart. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Turns(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable step) {
        steps.add(step);
        schedule();
    }

    private void schedule() {
        if (steps.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(this::turn);
        } catch (RejectedExecutionException shuttingDown) {
            try {
                for (Runnable step; (step = steps.poll()) != null; ) {
                    step.run();
                }
            } finally {
                scheduled.set(false);
            }
        }
    }

    private void turn() {
        try {
            Runnable step = steps.poll();
            if (step != null) {
                step.run();
            }
        } finally {
            scheduled.set(false);
            schedule();
        }
    }
}
