package org.dtaas.library.graphql;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * A record's fields by name, as graphql-java's property fetcher reads them (the accessor of the same
 * name), looked up once per record class.
 */
final class RecordFields {

    private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            Map<String, MethodHandle> accessors = new HashMap<>();
            RecordComponent[] components = type.getRecordComponents();
            if (components != null) {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                for (RecordComponent component : components) {
                    try {
                        // one shape for all, (Object)Object, so that a call is an invokeExact the JIT can inline
                        accessors.put(component.getName(), lookup.unreflect(component.getAccessor())
                                .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class)));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("the accessor of " + type.getName() + "." + component.getName(), e);
                    }
                }
            }
            return Map.copyOf(accessors);
        }
    };

    private RecordFields() {
    }

    /** The value of {@code field} of the record {@code value}. */
    static Object read(Object value, String field) throws QueryPlan.NotPlanned {
        MethodHandle accessor = ACCESSORS.get(value.getClass()).get(field);
        if (accessor == null) {
            throw new QueryPlan.NotPlanned(value.getClass().getSimpleName() + " has no " + field);
        }
        try {
            return (Object) accessor.invokeExact(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
