package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's first command, {@code mvn liberty:run}, keeps working on a fresh clone
 * (docs/security.md, "Fresh start"): liberty:run runs create, install-feature and deploy with the
 * configuration of the first pom execution that lists them, so no execution, in the build or in a
 * profile, may give those goals a configuration of its own.
 */
class LibertyRunBuildTest {
  private static final Set<String> GOALS_LIBERTY_RUN_BORROWS =
      Set.of("create", "install-feature", "deploy");

  @Test
  void noPomExecutionGivesTheGoalsOfLibertyRunAConfigurationOfItsOwn() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    List<String> liberty = new ArrayList<>();
    List<String> offending = new ArrayList<>();
    NodeList plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (!"liberty-maven-plugin".equals(childText(plugin, "artifactId"))) {
        continue;
      }
      for (Element execution : descendants(plugin, "execution")) {
        String id = childText(execution, "id");
        liberty.add(id);
        boolean borrowed =
            descendants(execution, "goal").stream()
                .anyMatch(g -> GOALS_LIBERTY_RUN_BORROWS.contains(g.getTextContent().trim()));
        if (borrowed && !descendants(execution, "configuration").isEmpty()) {
          offending.add(id);
        }
      }
    }
    assertThat(liberty).as("the pom's liberty-maven-plugin executions").contains("install-runtime");
    assertThat(offending)
        .as("executions that would hand liberty:run their configuration")
        .isEmpty();
  }

  private static String childText(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  private static List<Element> descendants(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagName(name);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }
}
