package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Shapes of the public API that frameworks and other languages rely on. */
class PublicApiTest {

    /** Every public class of the library, nested ones included, outside the internal package. */
    private static List<Class<?>> publicClasses() throws Exception {
        Path root = classesRoot();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = root.relativize(file).toString();
                if (!relative.endsWith(".class") || relative.contains("module-info")
                        || relative.contains("/internal/")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace('/', '.').replace('\\', '.');
                Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                if (isPubliclyReachable(c)) {
                    classes.add(c);
                }
            }
        }
        return classes;
    }

    private static boolean isPubliclyReachable(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass()) {
                return false;
            }
        }
        return true;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(Guard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * A public method declared in a non-public class cannot be called reflectively through the
     * public subclass (IllegalAccessException in frameworks, scripting and expression languages).
     */
    @Test
    void noPublicTypeInheritsPublicMethodsFromANonPublicClass() throws Exception {
        List<String> offenders = new ArrayList<>();
        List<Class<?>> classes = publicClasses();
        assertTrue(classes.size() > 30, "found the library's classes: " + classes.size());
        for (Class<?> c : classes) {
            for (Method m : c.getMethods()) {
                if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    offenders.add(c.getName() + "." + m.getName() + " (declared in "
                            + m.getDeclaringClass().getName() + ")");
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void countersCanBeCalledReflectivelyAndAreNumbers() throws Exception {
        AtomicCounter counter = new AtomicCounter(41);
        assertEquals(42L, AtomicCounter.class.getMethod("increment").invoke(counter));
        assertEquals(42L, AtomicCounter.class.getMethod("get").invoke(counter));
        Number asNumber = counter;
        assertEquals(42, asNumber.intValue());
        assertEquals(42.0, asNumber.doubleValue());
        assertEquals(42L, counter.getAndIncrement());
        assertEquals(43L, counter.getAndDecrement());
        assertEquals(42L, counter.getAndUpdate(v -> v * 2));
        assertEquals(84L, counter.getAndAccumulate(1, Long::sum));
        assertEquals(85L, counter.compareAndExchange(85, 7));
        assertEquals(7L, counter.compareAndExchange(85, 9), "no exchange: the witness");
        assertEquals(7L, counter.get());
        BoundedCounter bounded = new BoundedCounter(0, 10, 3);
        assertEquals(3L, BoundedCounter.class.getMethod("get").invoke(bounded));
        assertEquals(3, ((Number) bounded).intValue());
    }

    @Test
    void countersSerializeAsTheirValue() throws Exception {
        AtomicCounter counter = new AtomicCounter(5);
        AtomicCounter copy = roundTrip(counter);
        assertEquals(5L, copy.get());
        assertEquals(6L, copy.increment(), "a working counter, waiters and all");
        BoundedCounter bounded = roundTrip(new BoundedCounter(-1, 9, 4));
        assertEquals(4L, bounded.get());
        assertEquals(-1L, bounded.min());
        assertEquals(9L, bounded.max());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
