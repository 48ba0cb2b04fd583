package io.zonecam.node.support;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * SendBufferForTests fixes the node's socket send buffer when a test profile sets
 * {@code test.zonecam.http.send-buffer-bytes}. Production objects (60 s at 2 Mb/s, 15 MB) are far larger than the
 * socket buffers the kernel may grow on loopback (megabytes); a test's objects (4 s) are not, so a test that needs a
 * download to wait for its client shrinks the buffer to keep the proportions. Without the property it does nothing.
 */
@ApplicationScoped
public class SendBufferForTests implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        int bytes = ConfigProvider.getConfig()
                .getOptionalValue("test.zonecam.http.send-buffer-bytes", Integer.class)
                .orElse(0);
        if (bytes > 0) {
            options.setSendBufferSize(bytes);
        }
    }
}
