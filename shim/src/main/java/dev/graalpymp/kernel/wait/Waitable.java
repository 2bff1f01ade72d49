package dev.graalpymp.kernel.wait;

/**
 * A kernel object condition a thread can block on: "pipe readable", "pipe has room", "a child exited",
 * "process cancelled", and later semaphores or duplex channels.
 *
 * <p>The contract that makes {@link KernelWait} free of lost wake-ups: whenever {@link #isReady()} may have
 * changed, the object calls {@link WaitQueue#wakeAll()} on the queue returned by {@link #queue()}. A waiter
 * subscribes to the queue first and reads {@code isReady()} afterwards, so a change between the two is never
 * missed. Wake-ups may be spurious; readiness is always re-checked.
 */
public interface Waitable {

    /** Whether the condition holds now. Must not block (short internal locks are fine). */
    boolean isReady();

    /** The queue on which changes of {@link #isReady()} are announced. Several waitables may share one. */
    WaitQueue queue();
}
