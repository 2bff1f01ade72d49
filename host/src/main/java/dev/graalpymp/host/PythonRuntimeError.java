package dev.graalpymp.host;

/**
 * Thrown by {@link PythonRuntime#run(Launch)} when a program ends in a way Python code cannot observe or
 * report itself (an internal error of the runtime, a resource limit, the context cancelled from outside).
 * Ordinary Python errors never surface as this exception: they end the program with a traceback and a status.
 */
public final class PythonRuntimeError extends RuntimeException {

    PythonRuntimeError(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
