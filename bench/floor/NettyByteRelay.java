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

/**
 * A reference point for bench/gateway.sh, not a part of the platform: the floor of any proxy on the
 * JVM with Netty's epoll transport. Each client connection gets its own upstream connection and bytes
 * pass both ways unread (no HTTP parsing at all), so it is not a usable gateway: it shows what the
 * JVM, Netty and the kernel's loopback cost before any HTTP work.
 * Run: java -cp CLASSPATH NettyByteRelay.java PORT UPSTREAM_PORT EVENT_LOOPS
 */
public class NettyByteRelay {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        EpollEventLoopGroup loops = new EpollEventLoopGroup(Integer.parseInt(args[2]));
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false) // reading starts once the upstream is connected
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new ClientSide(client, upstreamPort));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("Netty byte relay on " + port);
        Thread.currentThread().join();
    }

    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final SocketChannel client;
        private final int upstreamPort;
        private Channel upstream;

        ClientSide(SocketChannel client, int upstreamPort) {
            this.client = client;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext upstreamContext, Object bytes) {
                            client.writeAndFlush(bytes);
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext upstreamContext) {
                            client.close();
                        }
                    })
                    .connect("127.0.0.1", upstreamPort).addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            client.close();
                            return;
                        }
                        upstream = connected.channel();
                        client.config().setAutoRead(true);
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object bytes) {
            upstream.writeAndFlush(bytes);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
