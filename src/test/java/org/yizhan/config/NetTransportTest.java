package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetTransportTest {

  @Test
  void namesAreReadLeniently() {
    assertThat(NetTransport.parse(null)).isEqualTo(NetTransport.EPOLL);
    assertThat(NetTransport.parse(" ")).isEqualTo(NetTransport.EPOLL);
    assertThat(NetTransport.parse("epoll")).isEqualTo(NetTransport.EPOLL);
    assertThat(NetTransport.parse("io_uring")).isEqualTo(NetTransport.IO_URING);
    assertThat(NetTransport.parse("IO-URING")).isEqualTo(NetTransport.IO_URING);
    assertThat(NetTransport.parse("iouring")).isEqualTo(NetTransport.IO_URING);
    assertThat(NetTransport.parse("NIO")).isEqualTo(NetTransport.NIO);
  }

  @Test
  void anUnknownNameIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> NetTransport.parse("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoll, io_uring or nio")
        .hasMessageContaining("kqueue");
  }

  @Test
  void theEnvironmentChoosesTheTransport() throws Exception {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).netTransport())
        .isEqualTo(NetTransport.EPOLL);
    assertThat(
            new ConfigLoader(Map.of("YIZHAN_NET_TRANSPORT", "io_uring"))
                .load(Optional.empty())
                .netTransport())
        .isEqualTo(NetTransport.IO_URING);
  }
}
