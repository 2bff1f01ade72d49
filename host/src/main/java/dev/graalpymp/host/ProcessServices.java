package dev.graalpymp.host;

/**
 * The per-process Java object the host hands to the Python side ({@code graalpy_mp.overlays}): the only way
 * from Python code to the plugin's Java objects. Python sees exactly the members marked
 * {@link dev.graalpymp.kernel.PythonVisible}; each capability adds the accessor its overlays need.
 */
public final class ProcessServices {

    ProcessServices() {
    }
}
