package be.belfort.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Platform;
import be.belfort.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostClassifierTest {

  private static final AtomicInteger IDS = new AtomicInteger();

  private static RuleSet rules;
  private static PostClassifier classifier;

  @BeforeAll
  static void open() {
    rules = RuleLoader.load(RuleLoaderTest.SHIPPED_RULES);
    classifier = new PostClassifier(rules);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  /** Expected search ids ("" = none), language, text: realistic short posts from Ghent. */
  static Stream<Arguments> posts() {
    return Stream.of(
        // geweld
        case_("geweld", "nld", "Vechtpartij aan de Overpoort, politie ter plaatse"),
        case_("geweld", "nld", "Weer vechtpartijen op de Vrijdagmarkt vannacht 😡"),
        case_("geweld", "nld", "Gisteren messteken gevallen aan Dampoort"),
        case_("geweld", "nld", "Jongen neergestoken in de Brugse Poort"),
        case_("geweld", "nld", "Twee gasten aan het matten voor de Charlatan"),
        case_("geweld", "nld", "Hij heeft rake klappen gekregen in de Sint-Pietersnieuwstraat"),
        case_("geweld", "nld", "Serieus ambras aan de Korenmarkt, kom hier niet naartoe"),
        case_("geweld", "nld", "Er werd gevochten op de Kouter na sluitingstijd"),
        case_("geweld", "eng", "Huge brawl outside the station, someone got stabbed"),
        case_("geweld", "fra", "Bagarre devant la gare, un homme poignardé"),
        case_("", "nld", "Wat een geweldig concert in de Vooruit gisteren!"),
        case_("", "nld", "Geweldige sfeer op de Gentse Feesten 🎉"),
        // verkeer
        case_("verkeer", "nld", "Zware aanrijding op de R40 ter hoogte van de Dampoort"),
        case_("verkeer", "nld", "Ongeval met fietser aan de Zuid, trams rijden om"),
        case_("verkeer", "nld", "Lange file op de E40 richting Brussel, alles staat muurvast"),
        case_("verkeer", "nld", "BOENK! Auto tegen een paal in de Dendermondsesteenweg"),
        case_("verkeer", "nld", "Fietser geschept door een bestelwagen aan het Rabot"),
        case_("verkeer", "nld", "Kop-staart op de B401, reken op vertraging"),
        case_("verkeer", "eng", "Traffic jam on the R4 after a car crash"),
        case_("verkeer", "fra", "Gros bouchon sur le ring de Gand après un accident"),
        case_("", "nld", "Boeiende lezing over het verkeer van ideeën tussen Oost en West"),
        case_("", "eng", "I met her by accident at the Graslei, lovely evening"),
        case_("", "eng", "Can you send me the file before Friday?"),
        // geluid
        case_("geluid", "nld", "Al drie nachten nachtlawaai van de buren in de Sleepstraat"),
        case_("geluid", "nld", "Wat een herrie op de Vlasmarkt, niemand kan hier slapen"),
        case_("geluid", "nld", "Buren spelen weer harde muziek tot 4u"),
        case_("geluid", "nld", "Geluidsoverlast van een fuif in Ledeberg, al uren"),
        case_("geluid", "eng", "So much noise from the party next door"),
        case_("geluid", "fra", "Tapage nocturne rue de Flandre, impossible de dormir"),
        case_("", "nld", "Het vuurwerk was prachtig boven de Leie!"),
        case_("", "eng", "My new noise cancelling headphones are great"),
        // sluikstort
        case_("sluikstort", "nld", "Weer een sluikstort aan de glasbollen in de Muide"),
        case_("sluikstort", "nld", "Vuilniszakken gedumpt naast de speeltuin 🤬"),
        case_("sluikstort", "nld", "Overal zwerfvuil langs de Coupure"),
        case_("sluikstort", "nld", "Iemand heeft hier een matras gedumpt op de stoep"),
        case_("sluikstort", "eng", "Illegal dumping again behind Dampoort station"),
        case_("sluikstort", "fra", "Encore un dépôt sauvage près du parc"),
        case_("", "nld", "Ze heeft me gedumpt via sms, wat een week"),
        // brand
        case_("brand", "nld", "Uitslaande brand in een rijwoning in Sint-Amandsberg"),
        case_("brand", "nld", "Grote rookpluim boven de haven, brandweer is onderweg"),
        case_("brand", "nld", "Bewoners geëvacueerd na keukenbrand"),
        case_("brand", "nld", "bewoners geevacueerd in de Brugse Poort"),
        case_("brand", "nld", "BRANDWEER massaal aanwezig aan de Korenlei"),
        case_("brand", "nld", "#brand in de Overpoort?"),
        case_("brand", "eng", "Huge fire near the docks, black smoke everywhere"),
        case_("brand", "fra", "Incendie dans un immeuble, les pompiers sont sur place"),
        case_("", "nld", "Ons brandnieuw terras is open, kom langs!"),
        case_("", "eng", "This track is fire 🔥🔥"),
        case_("", "eng", "Check out our brand new menu"),
        case_("", "nld", "Lees meer op https://brandweer.be/nieuws of mail info@brandweer.be"),
        // drukte
        case_("drukte", "nld", "Enorme drukte op de Korenmarkt, gevaarlijk gedrang aan de podia"),
        case_("drukte", "nld", "Tram 1 overvol, niemand kan nog in of uit"),
        case_("drukte", "nld", "Zoveel volk aan het Sint-Baafsplein, geen doorkomen meer"),
        case_("drukte", "eng", "Way too crowded at the Gentse Feesten, almost a crowd crush"),
        case_("drukte", "fra", "Bousculade à la sortie du concert"),
        case_("", "nld", "Drukke week op het werk, eindelijk weekend"),
        case_("", "nld", "Veel drukte op het werk deze maand"),
        // vermist
        case_("vermist", "nld", "Vermist: Lisa (14), voor het laatst gezien aan de Zuid"),
        case_("vermist", "nld", "Opsporing: vermiste man uit Gentbrugge, wie heeft hem gezien?"),
        case_("vermist", "eng", "Our friend went missing after a night out in Ghent"),
        case_("vermist", "fra", "Avis de recherche: jeune fille disparue depuis mardi"),
        case_("", "nld", "Ik ben mijn sleutels vermist, iemand gevonden aan de Kouter?"),
        case_("", "nld", "Vermiste kat in de Stropstraat, rode kater"),
        case_("", "eng", "Missing you already Ghent!"),
        // betoging
        case_("betoging", "nld", "Grote betoging op het Sint-Pietersplein tegen de besparingen"),
        case_("betoging", "nld", "Klimaatbetogers blokkeren de Kouter"),
        // A march that diverts a tram is both (rules/eval/README.md labeling guidelines).
        case_("betoging verkeer", "nld", "Optocht trekt door de Veldstraat, tram 4 omgeleid"),
        case_("betoging", "eng", "Protest march at the university this afternoon"),
        case_("betoging", "fra", "Manifestation devant l'hôtel de ville"),
        case_("", "nld", "De protestantse kerk aan de Brabantdam is open"),
        // diefstal
        case_("diefstal", "nld", "Mijn fiets is gestolen aan Gent-Sint-Pieters!"),
        case_("diefstal", "nld", "Opgelet voor gauwdieven op de Gentse Feesten"),
        case_("diefstal", "nld", "Zakkenroller actief op tram 4"),
        case_("diefstal", "nld", "Inbraak in onze garage vannacht"),
        case_("diefstal", "eng", "Pickpocket took my wallet at the Korenmarkt"),
        case_("diefstal", "fra", "On m'a volé mon vélo à la gare"),
        case_("", "nld", "Die zangeres heeft echt de show gestolen"),
        case_("", "nld", "De tram zat vol vandaag"),
        // several at once, and nothing at all
        case_("brand geweld", "nld", "Vechtpartij en daarna brand in een café aan de Overpoort"),
        case_("", "nld", "Mooi weer vandaag aan de Graslei"));
  }

  private static Arguments case_(String expected, String lang, String text) {
    return Arguments.of(expected, lang, text);
  }

  @ParameterizedTest(name = "[{index}] {0} <- {2}")
  @MethodSource("posts")
  void classifiesRealisticPosts(String expected, String lang, String text) {
    Set<String> ids =
        classifier.classify(post(text, lang, Platform.twitter)).stream()
            .map(MatchedSearch::getSearchId)
            .collect(Collectors.toCollection(TreeSet::new));

    assertEquals(expectedIds(expected), ids);
  }

  @Test
  void reportsTheMatchedTermsLowerCasedAndFolded() {
    List<MatchedSearch> matches =
        classifier.classify(
            post("Vechtpartijen aan de Overpoort, iemand NEERGESTOKEN. Vechtpartijen!", "nld",
                Platform.twitter));

    assertEquals(1, matches.size());
    assertEquals(List.of("vechtpartijen", "neergestoken"), matches.get(0).getTerms());

    MatchedSearch fire =
        classifier.classify(post("Bewoners Geëvacueerd na BRAND", "nld", Platform.facebook))
            .get(0);
    assertEquals(List.of("geevacueerd", "brand"), fire.getTerms());
  }

  @Test
  void phraseMatchesAreReportedAsPhrases() {
    MatchedSearch match =
        classifier.classify(post("Ik heb RAKE klappen gekregen, politie ter plaatse", "nld", Platform.twitter)).get(0);

    assertEquals(List.of("rake klappen", "klappen gekregen", "politie"), match.getTerms());
  }

  @Test
  void everyMatchCarriesTheRulesVersion() {
    List<MatchedSearch> matches =
        classifier.classify(
            post("Vechtpartij en daarna brand aan de Overpoort", "nld", Platform.instagram));

    assertEquals(2, matches.size());
    matches.forEach(m -> assertEquals(rules.version(), m.getVersion()));
  }

  @Test
  void batchGivesTheSameResultsAsSinglePosts() {
    List<EnrichedPost> posts = new ArrayList<>();
    Platform[] platforms = Platform.values();
    posts()
        .map(Arguments::get)
        .forEach(
            args ->
                posts.add(
                    post(
                        (String) args[2],
                        (String) args[1],
                        platforms[posts.size() % platforms.length])));
    // Same-language, same-platform neighbours go through one multi-document monitor call.
    posts.add(post("Brand aan de Korenmarkt", "nld", Platform.twitter));
    posts.add(post("Nog een brand in Ledeberg", "nld", Platform.twitter));

    List<List<MatchedSearch>> batch = classifier.classifyBatch(posts);

    assertEquals(posts.size(), batch.size());
    for (int i = 0; i < posts.size(); i++) {
      assertEquals(classifier.classify(posts.get(i)), batch.get(i), posts.get(i).getText());
    }
    assertTrue(batch.stream().filter(m -> !m.isEmpty()).count() > 50);
  }

  @Test
  void languageAndPlatformMetadataFilterSearches() {
    RuleSet filtered =
        new RuleSet(
            List.of(
                filteredSearch("any", Set.of(), Set.of()),
                filteredSearch("nl-only", Set.of("nld"), Set.of()),
                filteredSearch("twitter-only", Set.of(), Set.of("twitter")),
                filteredSearch("nl-fr-social", Set.of("nld", "fra"), Set.of("twitter", "facebook"))));
    try (PostClassifier filtering = new PostClassifier(filtered)) {
      assertEquals(
          Set.of("any", "nl-only", "twitter-only", "nl-fr-social"),
          ids(filtering, "nld", Platform.twitter));
      assertEquals(Set.of("any", "twitter-only"), ids(filtering, "eng", Platform.twitter));
      assertEquals(Set.of("any", "nl-fr-social"), ids(filtering, "fra", Platform.facebook));
      assertEquals(Set.of("any", "nl-only"), ids(filtering, "nld", Platform.meldpunt));
      assertEquals(Set.of("any"), ids(filtering, "deu", Platform.instagram));
      // A post whose language could not be identified is not hidden from any search.
      assertEquals(Set.of("any", "nl-only"), ids(filtering, "und", Platform.instagram));

      List<EnrichedPost> mixed =
          List.of(
              post("brand", "nld", Platform.twitter),
              post("brand", "eng", Platform.twitter),
              post("brand", "fra", Platform.facebook),
              post("brand", "und", Platform.instagram),
              post("brand", "nld", Platform.twitter));
      List<List<MatchedSearch>> batch = filtering.classifyBatch(mixed);
      for (int i = 0; i < mixed.size(); i++) {
        assertEquals(filtering.classify(mixed.get(i)), batch.get(i));
      }
    }
  }

  @Test
  void baseFormQueriesMatchInflectionsAndCompoundHeadsButNotModifiers() {
    RuleSet base =
        new RuleSet(
            List.of(
                search("ongeval", "ongeval"),
                search("vechtpartij", "vechtpartij"),
                search("dumpen", "dumpen"),
                search("sluikstort", "sluikstort"),
                search("brand", "brand"),
                search("geweld", "geweld"),
                search("phrase", "\"afval dumpen\""),
                search("wildcard", "vechtpart*"),
                search("plural-query", "vechtpartijen")));
    try (PostClassifier classifier = new PostClassifier(base)) {
      assertEquals(
          List.of("verkeersongeval"), terms(classifier, "Zwaar verkeersongeval op de R4", "ongeval"));
      assertEquals(
          List.of("verkeersongevallen"),
          terms(classifier, "Al drie verkeersongevallen vandaag aan de Dampoort", "ongeval"));
      assertEquals(
          List.of("vechtpartijen"),
          terms(classifier, "Weer vechtpartijen aan de Overpoort", "vechtpartij"));
      assertEquals(List.of("gedumpt"), terms(classifier, "Iemand heeft hier alles gedumpt", "dumpen"));
      assertEquals(
          List.of("sluikstorters"),
          terms(classifier, "Sluikstorters betrapt in de Muide", "sluikstort"));
      assertEquals(
          List.of("woningbrand"), terms(classifier, "Woningbrand in Sint-Amandsberg", "brand"));
      assertEquals(
          List.of("politiegeweld"), terms(classifier, "Betoging tegen politiegeweld", "geweld"));
      assertEquals(
          List.of("afval gedumpt"), terms(classifier, "Weer afval gedumpt aan de glasbol", "phrase"));
      assertEquals(
          Set.of("vechtpartij", "wildcard", "plural-query"),
          ids(classifier.classify(post("Vechtpartij aan de Korenmarkt", "nld", Platform.twitter))));

      // A compound stands for its head, never for its modifier.
      assertEquals(Set.of(), ids(classifier.classify(post("Ons brandnieuw terras is open", "nld",
          Platform.twitter))));
      assertEquals(Set.of(), ids(classifier.classify(post("Wat een geweldig concert, geweldige sfeer",
          "nld", Platform.twitter))));
      assertEquals(Set.of(), ids(classifier.classify(post("Zonnebrand vergeten op de Graslei", "nld",
          Platform.twitter))));
    }
  }

  @Test
  void wildcardsAreFoundThroughTheirPrefixKeysWhateverTheirLength() {
    RuleSet wildcards =
        new RuleSet(
            List.of(
                search("three", "ong*"),
                search("long", "vechtpartij*"),
                search("question", "bra?d"),
                search("inner", "kett*otsing"),
                search("exact-key", "botsin*")));
    try (PostClassifier classifier = new PostClassifier(wildcards)) {
      assertEquals(
          Set.of("three", "long", "inner", "exact-key"),
          ids(classifier.classify(post("Ongeval: vechtpartijtje na kettingbotsing", "nld",
              Platform.twitter))));
      assertEquals(Set.of("question"), ids(classifier.classify(post("Brand!", "nld",
          Platform.twitter))));
      assertEquals(Set.of(), ids(classifier.classify(post("Vecht niet, on en bots", "nld",
          Platform.twitter))));
    }
  }

  @Test
  void exclusionsAtAnyDepthStillExcludeInBatchesAndAlone() {
    // The monitor only sees these searches without their NOT parts; the full query decides.
    RuleSet excluding =
        new RuleSet(
            List.of(
                search("top", "(brand OR vuur) NOT (\"brand new\" OR brandoefening*)"),
                search("nested", "afval AND (gedumpt OR (straat NOT opruimactie))"),
                search("plain", "brand")));
    List<EnrichedPost> posts =
        List.of(
            post("Brand aan de Korenmarkt", "nld", Platform.twitter),
            post("My brand new bike", "eng", Platform.twitter),
            post("Brand gemeld, maar het was een brandoefening", "nld", Platform.twitter),
            post("Afval op straat in de Muide", "nld", Platform.twitter),
            post("Afval op straat na de opruimactie", "nld", Platform.twitter),
            post("Afval gedumpt op straat na de opruimactie", "nld", Platform.twitter));
    List<Set<String>> expected =
        List.of(
            Set.of("top", "plain"),
            Set.of("plain"),
            Set.of("plain"),
            Set.of("nested"),
            Set.of(),
            Set.of("nested"));
    try (PostClassifier classifier = new PostClassifier(excluding)) {
      List<List<MatchedSearch>> batch = classifier.classifyBatch(posts);
      for (int i = 0; i < posts.size(); i++) {
        String text = posts.get(i).getText();
        assertEquals(expected.get(i), ids(batch.get(i)), text);
        assertEquals(classifier.classify(posts.get(i)), batch.get(i), text);
      }
      assertEquals(List.of("brand"), batch.get(0).get(0).getTerms());
      assertEquals(List.of("afval", "gedumpt"), batch.get(5).get(0).getTerms());
    }
  }

  private static List<String> terms(PostClassifier classifier, String text, String searchId) {
    return classifier.classify(post(text, "nld", Platform.twitter)).stream()
        .filter(m -> m.getSearchId().equals(searchId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(searchId + " does not match: " + text))
        .getTerms();
  }

  private static Set<String> ids(List<MatchedSearch> matches) {
    return matches.stream().map(MatchedSearch::getSearchId).collect(Collectors.toSet());
  }

  private static SavedSearch search(String id, String query) {
    return new SavedSearch(id, id, query, Set.of(), Set.of(), Severity.high, "test", 1, id + ".yaml", 1);
  }

  @Test
  void emptyBatchGivesNoResults() {
    assertEquals(List.of(), classifier.classifyBatch(List.of()));
  }

  @Test
  void invalidQueryInAHandBuiltRuleSetIsARuleException() {
    RuleSet broken =
        new RuleSet(
            List.of(
                new SavedSearch(
                    "x", "X", "brand AND (", Set.of(), Set.of(), Severity.low, "p", 1, "x.yaml",
                    1)));
    RuleException e = assertThrows(RuleException.class, () -> new PostClassifier(broken));
    assertTrue(e.problems().get(0).toString().startsWith("x.yaml:1: query does not parse"));
  }

  private static Set<String> ids(PostClassifier filtering, String lang, Platform platform) {
    return filtering.classify(post("Brand in de Veldstraat", lang, platform)).stream()
        .map(MatchedSearch::getSearchId)
        .collect(Collectors.toSet());
  }

  private static SavedSearch filteredSearch(
      String id, Set<String> languages, Set<String> platforms) {
    return new SavedSearch(
        id, id, "brand", languages, platforms, Severity.high, "test", 1, id + ".yaml", 1);
  }

  private static Set<String> expectedIds(String expected) {
    return Arrays.stream(expected.split(" "))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static EnrichedPost post(String text, String lang, Platform platform) {
    return EnrichedPost.newBuilder()
        .setId("p" + IDS.incrementAndGet())
        .setPlatform(platform)
        .setAuthor("u_0123456789abcdef")
        .setText(text)
        .setCreatedAt(Instant.parse("2026-07-20T21:15:00Z"))
        .setLang(lang)
        .build();
  }
}
