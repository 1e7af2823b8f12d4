import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A reference point for bench/gateway.sh, not a part of the platform: an HTTP/1.1 reverse proxy on
 * Netty's own HTTP codecs with none of Vert.x (requests and answers decoded and encoded, headers
 * copied, X-Forwarded-For added, keep-alive connections to the upstream pooled per event loop). Only
 * bodiless requests, no pipelining, no errors handled: it says what an HTTP proxy on the JVM costs
 * below Vert.x' server, between bench/floor/BareVertxProxy.java and NettyByteRelay.java.
 * Run: java -cp CLASSPATH NettyHttpProxy.java PORT UPSTREAM_PORT EVENT_LOOPS
 */
public class NettyHttpProxy {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        EpollEventLoopGroup loops = new EpollEventLoopGroup(Integer.parseInt(args[2]));
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new HttpServerCodec(), new ClientSide(client, upstreamPort));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("Netty HTTP proxy on " + port);
        Thread.currentThread().join();
    }

    /** Idle upstream connections of one event loop (only ever touched on that loop). */
    private static final ThreadLocal<ArrayDeque<Channel>> IDLE = ThreadLocal.withInitial(ArrayDeque::new);

    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final SocketChannel client;
        private final int upstreamPort;

        ClientSide(SocketChannel client, int upstreamPort) {
            this.client = client;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (!(message instanceof HttpRequest request)) {
                ReferenceCountUtil.release(message); // the (empty) end of a bodiless request
                return;
            }
            // a full request (no body): the encoder expects the request's end before the next request
            DefaultFullHttpRequest forwarded = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER);
            forwarded.headers().set(request.headers());
            forwarded.headers().add("X-Forwarded-For", ((InetSocketAddress) client.remoteAddress()).getAddress().getHostAddress());
            Channel upstream = IDLE.get().pollLast();
            if (upstream != null && upstream.isActive()) {
                send(upstream, forwarded);
                return;
            }
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // parts of up to 256 KiB, as the gateway's DirectUpstream reads them
                            channel.pipeline().addLast(new HttpClientCodec(4096, 8192, 256 * 1024), new UpstreamSide());
                        }
                    })
                    .connect("127.0.0.1", upstreamPort).addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            send(connected.channel(), forwarded);
                        } else {
                            client.close();
                        }
                    });
        }

        private void send(Channel upstream, HttpRequest forwarded) {
            upstream.pipeline().get(UpstreamSide.class).client = client;
            upstream.writeAndFlush(forwarded);
        }
    }

    private static final class UpstreamSide extends ChannelInboundHandlerAdapter {
        Channel client;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpResponse answer) {
                DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, answer.status());
                head.headers().set(answer.headers());
                client.write(head);
            }
            if (message instanceof HttpContent part) {
                if (message instanceof LastHttpContent) {
                    client.writeAndFlush(part);
                    IDLE.get().addLast(context.channel());
                } else {
                    client.write(part);
                }
            }
        }
    }
}
