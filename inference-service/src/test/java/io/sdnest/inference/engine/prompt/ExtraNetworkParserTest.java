package io.sdnest.inference.engine.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraNetworkParserTest {

  @Test
  void takesTagsOutAndKeepsTheirArguments() {
    ExtraNetworkParser.Result r = ExtraNetworkParser.parse(
        "1girl, <hypernet:agm:1.1> <lora:add_detail:0.8> <lyco:style:1:0.5>, <hypernet:ray>");

    assertThat(r.prompt()).isEqualTo("1girl,   , ");
    assertThat(r.tags()).containsExactly(
        new ExtraNetworkTag("hypernet", "agm", List.of("1.1")),
        new ExtraNetworkTag("lora", "add_detail", List.of("0.8")),
        new ExtraNetworkTag("lyco", "style", List.of("1", "0.5")),
        new ExtraNetworkTag("hypernet", "ray", List.of()));
  }

  @Test
  void textThatIsNotATagStays() {
    ExtraNetworkParser.Result r = ExtraNetworkParser.parse("a <b> c <:x> d <lora:>");

    assertThat(r.prompt()).isEqualTo("a <b> c <:x> d <lora:>");
    assertThat(r.tags()).isEmpty();
  }

  @Test
  void tagRendersBackToPromptSyntax() {
    assertThat(new ExtraNetworkTag("lora", "add_detail", List.of("0.8", "te=1")).toPromptSyntax())
        .isEqualTo("<lora:add_detail:0.8:te=1>");
  }
}
