package io.sluice.master.openapi;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import io.sluice.master.MasterErrors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a client-API method of {@code MasterApiService} in this process, so the HTTP API keeps the
 * same rules (and leader forwarding) as sluicectl. A reply with {@code result: false} becomes an
 * {@link ApiException} carrying the reply's code.
 */
final class MasterCalls {
    private MasterCalls() {
    }

    static <T extends Message> T call(Consumer<StreamObserver<T>> method) {
        T r = reply(method);
        FieldDescriptor result = r.getDescriptorForType().findFieldByName("result");
        if (result != null && !(Boolean) r.getField(result)) {
            throw ApiException.fromReply(failure(r));
        }
        return r;
    }

    /** The method's reply as it is, {@code result: false} included. */
    static <T extends Message> T reply(Consumer<StreamObserver<T>> method) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        method.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                reply.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                reply.completeExceptionally(MasterErrors.INTERNAL_ERROR.error("a reply without a message"));
            }
        });
        return reply.join();
    }

    /** The reply's message, or the first failed per-source message when the reply itself has none. */
    private static String failure(Message r) {
        String msg = (String) r.getField(r.getDescriptorForType().findFieldByName("msg"));
        if (!msg.isEmpty()) {
            return msg;
        }
        FieldDescriptor sources = r.getDescriptorForType().findFieldByName("sources");
        if (sources != null && sources.isRepeated() && sources.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            for (Object o : (List<?>) r.getField(sources)) {
                Message m = (Message) o;
                FieldDescriptor f = m.getDescriptorForType().findFieldByName("msg");
                if (f != null && !((String) m.getField(f)).isEmpty()) {
                    return (String) m.getField(f);
                }
            }
        }
        return MasterErrors.INTERNAL_ERROR.error("the request").getMessage();
    }
}
