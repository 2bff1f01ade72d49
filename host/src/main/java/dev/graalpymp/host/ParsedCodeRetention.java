package dev.graalpymp.host;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Engine;

/**
 * Keeps the code GraalPy parses alive in the engine's parse cache, so that every context of the engine (every
 * process, every run of the server) runs the same call targets, and with them the JIT's compiled code.
 *
 * <p>Why: Truffle's per-engine parse cache holds each parsed module weakly, keyed by the {@code Source} object
 * the language parsed it from. GraalPy 25.0.3 makes that object in {@code compile()} (and in {@code marshal})
 * and drops it right after the import, so the entry goes at the next garbage collection (traced with
 * {@code engine.TraceSourceCache}: "source-cache-evict ... Hits 0"), and each later context parses, profiles and
 * compiles the module again: a forked child or a Pool worker ran its parent's hot code 250x slower than the
 * parent for its first seconds. No engine or context option changes this, and the polyglot API does not reach
 * the key. So this class puts a listener into the cache (Truffle's own {@code SourceCacheListener} seam, which
 * its tracing uses) that holds the key of every entry parsed, a bounded number of them, least recently used
 * first out.
 *
 * <p>It reads Truffle's internals by reflection (Truffle is on the class path: an unnamed module). If Truffle's
 * layout differs (another version), nothing is retained, the engine log says why, and everything still works,
 * only slower: {@link #isActive()} lets a test catch that an upgrade broke it.
 */
final class ParsedCodeRetention {

    /** Entries kept: the stdlib a program imports is ~300-600 modules; generated code (namedtuple...) adds more. */
    static final int MAX_RETAINED = 8192;

    private final Object engineImpl;
    private final OutputStream log;
    private final Map<Object, Boolean> retained = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
            return size() > MAX_RETAINED;
        }
    });
    private final List<Object> patchedCaches = new ArrayList<>();
    private volatile boolean active;
    private volatile String failure;

    ParsedCodeRetention(Engine engine, OutputStream log) {
        this.log = log;
        Object impl = null;
        try {
            impl = field(engine, "receiver");
        } catch (ReflectiveOperationException | RuntimeException e) {
            fail(e);
        }
        this.engineImpl = impl;
    }

    /**
     * Puts the listener into the parse cache of every sharing layer the engine has now (a layer is made when the
     * first context of a set of compatible options initializes): call it after a context has initialized Python.
     * Entries parsed before, and still alive, are retained too.
     */
    synchronized void attach() {
        if (engineImpl == null || failure != null) {
            return;
        }
        try {
            for (Object layer : layers()) {
                Object shared = field(layer, "shared");
                if (shared == null) {
                    continue;
                }
                Object cache = field(shared, "sourceCache");
                if (patchedCaches.stream().anyMatch(c -> c == cache)) {
                    continue;
                }
                install(cache);
                patchedCaches.add(cache);
                active = true;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            fail(e);
        }
    }

    /** Whether code is being retained (false: Truffle's layout was not the one expected, see the engine log). */
    boolean isActive() {
        return active && failure == null;
    }

    private List<?> layers() throws ReflectiveOperationException {
        List<?> live = (List<?>) field(engineImpl, "sharedLayers");
        for (int attempt = 0; ; attempt++) {
            try {
                return new ArrayList<>(live);
            } catch (ConcurrentModificationException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private void install(Object cache) throws ReflectiveOperationException {
        Field listenerField = cache.getClass().getDeclaredField("sourceCacheListener");
        listenerField.setAccessible(true);
        Class<?> listenerType = listenerField.getType();
        Object previous = listenerField.get(cache);
        // The interface is package-private: the previous listener's methods are invoked through accessible copies.
        Map<String, Method> forward = new java.util.HashMap<>();
        for (Method m : listenerType.getDeclaredMethods()) {
            m.setAccessible(true);
            forward.put(m.getName(), m);
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            switch (method.getName()) {
                case "onCacheMiss" -> retained.put(args[0], Boolean.TRUE);
                case "onCacheHit" -> retained.get(args[0]);
                default -> { }
            }
            if (previous == null) {
                return null;
            }
            try {
                return forward.get(method.getName()).invoke(previous, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
        listenerField.set(cache, listener);
        retainLiveEntries(cache);
    }

    /** The keys of the weak cache's entries that are still alive. */
    private void retainLiveEntries(Object cache) throws ReflectiveOperationException {
        Map<?, ?> entries = (Map<?, ?>) field(field(cache, "weakCache"), "sourceCache");
        for (Object key : entries.keySet()) {
            Object source = ((Reference<?>) key).get();
            if (source != null) {
                retained.put(source, Boolean.TRUE);
            }
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "ParsedCodeRetention listener";
        };
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }

    private void fail(Exception e) {
        failure = String.valueOf(e);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        out.println("[graalpy-mp] parsed code is not retained across contexts (Truffle's parse cache is not as"
                + " expected): " + e);
    }
}
