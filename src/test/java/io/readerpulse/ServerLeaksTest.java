package io.readerpulse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which leak reports fail the build: the service's, never the tests' own HTTP clients'.
 */
class ServerLeaksTest {

	private final ServerLeaks<Object> detector = new ServerLeaks<>(Object.class, 1, 0);

	@Test
	void aClientsLeakIsReportedButNotCounted() {
		int before = ServerLeaks.found().size();
		this.detector.reportTracedLeak("ByteBuf", "#1:\n\tio.netty.handler.codec.http.HttpClientCodec$Decoder.decode(...)");
		assertThat(ServerLeaks.found()).hasSize(before);
	}

	@Test
	void theServicesLeakIsCounted() {
		int before = ServerLeaks.found().size();
		this.detector.reportTracedLeak("ByteBuf", "#1:\n\treactor.netty.http.server.HttpServerOperations.onInboundNext(...)");
		this.detector.reportTracedLeak("ByteBuf", "#1:\n\tio.r2dbc.postgresql.client.ReactorNettyClient.receive(...)");
		assertThat(ServerLeaks.found()).hasSize(before + 2);
	}

}
