package be.belfort.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Language identification for short posts, returning ISO 639-3 codes ({@code nld}, {@code eng},
 * {@code fra}, ...) or {@value #UNDETERMINED}.
 *
 * <p>Decision order:
 * <ol>
 *   <li>A valid platform language tag wins ({@code nl}, {@code nl-BE}, {@code nld}, {@code dut} →
 *       {@code nld}); pseudo tags such as Twitter's {@code und}, {@code qme} or {@code zxx} are ignored.</li>
 *   <li>The text is cleaned: URLs, mentions, emoji and numbers are dropped, hashtags lose their
 *       {@code #} (a segmented hashtag contributes its segments).</li>
 *   <li>Fast path: function words and very frequent words of Dutch (including Flemish forms), English,
 *       French and German are counted; a language wins outright when it has at least
 *       {@value #LEXICON_MIN_HITS} hits and leads the next one by {@value #LEXICON_MIN_MARGIN}. This
 *       decides most posts cheaply, and it fixes what the statistical model gets wrong on short
 *       Flemish text ("Het gaat goed" scores as Afrikaans in the model).</li>
 *   <li>Single words and texts under {@value #MIN_LETTERS} letters without a lexicon decision are
 *       {@value #UNDETERMINED}: nothing reliable can be said about them.</li>
 *   <li>Otherwise the OpenNLP model ({@code langdetect-183.bin} from opennlp-models-langdetect) decides.
 *       Its per-language scores are tiny and flat on short text, so they are combined with two pieces
 *       of local knowledge: Afrikaans and Limburgish count as Dutch (for a Ghent feed they are
 *       near-always Flemish the model does not know), and Dutch, English and French, the
 *       languages of this city, get a prior boost plus a boost per lexicon hit.</li>
 * </ol>
 *
 * <p>Threading: the model is loaded once per JVM and shared (OpenNLP models are read-only), but
 * {@link LanguageDetectorME} is not documented as thread-safe, so an instance of this class must be
 * used by one thread only: create one per Flink subtask, in {@code open()}. It is deliberately not
 * {@link java.io.Serializable}.
 */
public final class LanguageIdentifier {

    /** ISO 639-3 code for "undetermined". */
    public static final String UNDETERMINED = "und";

    static final int LEXICON_MIN_HITS = 2;
    static final int LEXICON_MIN_MARGIN = 2;
    static final int MIN_LETTERS = 6;

    private static final String MODEL_RESOURCE = "/langdetect-183.bin";

    /** Lexicon languages, in bit order of {@link #LEXICON}. */
    private static final String[] LEXICON_LANGUAGES = {"nld", "eng", "fra", "deu"};
    private static final Set<String> LOCAL_LANGUAGES = Set.of("nld", "eng", "fra");
    private static final double LOCAL_PRIOR = 1.3;
    private static final double PER_LEXICON_HIT = 0.15;

    /** Model labels that on Ghent posts mean Flemish/Dutch. */
    private static final Map<String, String> MODEL_ALIASES = Map.of("afr", "nld", "lim", "nld");
    private static final String MISLABELLED_DUTCH = "afr";
    private static final String NLD = "nld";

    /**
     * Folded word norm → bit set over {@link #LEXICON_LANGUAGES}. Words shared by languages
     * ("de", "en", "in", "is") count for each of them, so they never create a margin on their own.
     */
    private static final Map<String, Integer> LEXICON = buildLexicon(
            // Dutch, with Flemish spoken forms (ge, gij, zijt, da, nie, amai, allez, goe, wa, efkes, nen)
            "de het een en is niet op aan met voor van dat die er ik je jij we wij ze zij hij zijn wat hier "
                    + "nog al maar ook naar bij uit om dan als of nu zo wel geen heb hebt heeft hebben had "
                    + "was waren wordt worden werd kan kunt kunnen moet moeten wil wilt willen zal zou mijn "
                    + "uw onze ons hun haar deze dit daar waar hoe waarom wie wanneer veel heel echt goed "
                    + "mooi weer vandaag morgen gisteren straks gaat gaan ga doet doen zit zitten staat "
                    + "staan komt komen gezien weet toch dus want omdat tegen tussen door over onder sinds "
                    + "zonder tot ben bent zijt ge gij da nie ni 't 'k 's 'n amai allez efkes goe wa nen "
                    + "iets niks niets alles iedereen mensen even eens weeral alweer helemaal leuk "
                    + "prachtig gezellig fijn lekker jammer spijtig te pas me gans zeer terug nieuwe erg "
                    + "wel heeft men deze zulke zo'n da's",
            // English
            "the and is are was were be been to of in on at for with this that these those it its it's "
                    + "i i'm you your we our they their he she his her my me not no yes just so what there "
                    + "here very from by about an a do does did don't can can't will would should could have "
                    + "has had get got going go today tonight now all out up if or but love great good nice "
                    + "amazing beautiful awesome thanks thank people really why how when where which some "
                    + "more than then them us again still after before near over door as",
            // French (folded: très → tres, où → ou, été → ete, ça → ca)
            "le la les des du de un une est et pas dans sur avec pour par qui que je tu il elle nous vous "
                    + "ils elles on ce cette ces mon ma mes ton ta son sa ses au aux mais ou tres bien fait "
                    + "comme c'est j'ai n'est il y a sont suis ai ont etre ete faire beaucoup encore deja "
                    + "quelle quel belle beau bonjour ca quand chez apres avant aujourd'hui ville rue tous "
                    + "toute tout plus en me te ne gand fetes vraiment",
            // German: only to keep German posts away from the Dutch fast path
            "der die das und ist nicht ich du er sie wir ihr mit auf ein eine einen zu auch noch nur "
                    + "sehr schon heute sind war waren hat haben kann wird werden wo wie was sich mein dein "
                    + "nach bei aus um uber fur von dem den im am zum zur gibt aber oder wenn dass hier so "
                    + "alles morgen in");

    private static final Map<String, String> ISO_639_1_TO_3 = new HashMap<>();
    private static final Set<String> ISO_639_3 = new HashSet<>();
    /** ISO 639-2/B codes some platforms still send. */
    private static final Map<String, String> BIBLIOGRAPHIC = Map.ofEntries(
            Map.entry("dut", "nld"), Map.entry("fre", "fra"), Map.entry("ger", "deu"),
            Map.entry("chi", "zho"), Map.entry("cze", "ces"), Map.entry("gre", "ell"),
            Map.entry("per", "fas"), Map.entry("rum", "ron"), Map.entry("slo", "slk"),
            Map.entry("alb", "sqi"), Map.entry("arm", "hye"), Map.entry("baq", "eus"),
            Map.entry("geo", "kat"), Map.entry("ice", "isl"), Map.entry("mac", "mkd"),
            Map.entry("may", "msa"), Map.entry("wel", "cym"));

    static {
        for (String two : Locale.getISOLanguages()) {
            try {
                String three = new Locale(two).getISO3Language();
                if (three.length() == 3) {
                    ISO_639_1_TO_3.put(two, three);
                    ISO_639_3.add(three);
                }
            } catch (MissingResourceException e) {
                // a two-letter code without a three-letter equivalent in this JDK: not usable
            }
        }
    }

    private static volatile LanguageDetectorModel sharedModel;

    private final LanguageDetectorME detector;
    private final SocialTokenizer tokenizer = new SocialTokenizer();

    private LanguageIdentifier(LanguageDetectorModel model) {
        this.detector = new LanguageDetectorME(model);
    }

    /**
     * Creates an identifier backed by the OpenNLP language model from the classpath. The model
     * (10 MB) is read only on the first call; later calls share it.
     *
     * @return a new identifier, for use by a single thread
     * @throws UncheckedIOException when the model is missing from the classpath or unreadable
     */
    public static LanguageIdentifier load() {
        return new LanguageIdentifier(model());
    }

    private static LanguageDetectorModel model() {
        LanguageDetectorModel model = sharedModel;
        if (model == null) {
            synchronized (LanguageIdentifier.class) {
                model = sharedModel;
                if (model == null) {
                    model = readModel();
                    sharedModel = model;
                }
            }
        }
        return model;
    }

    private static LanguageDetectorModel readModel() {
        try (InputStream in = LanguageIdentifier.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException(
                        "language model " + MODEL_RESOURCE + " not on the classpath (opennlp-models-langdetect)"));
            }
            return new LanguageDetectorModel(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read language model " + MODEL_RESOURCE, e);
        }
    }

    /**
     * Detects the language of a post.
     *
     * @param text         the post text (may be null)
     * @param platformLang the language tag the platform supplied, or null
     * @return an ISO 639-3 code, or {@value #UNDETERMINED}
     */
    public String detect(String text, String platformLang) {
        String tagged = fromPlatformTag(platformLang);
        return trusted(tagged) ? tagged : confirm(tagged, fromTokens(tokenizer.tokenize(text)));
    }

    /**
     * Same as {@link #detect(String, String)} for a text that is already tokenized, so callers that
     * need the tokens anyway tokenize only once.
     *
     * @param tokens       output of {@link SocialTokenizer#tokenize(String)}
     * @param platformLang the language tag the platform supplied, or null
     * @return an ISO 639-3 code, or {@value #UNDETERMINED}
     */
    public String detectTokens(List<Token> tokens, String platformLang) {
        String tagged = fromPlatformTag(platformLang);
        return trusted(tagged) ? tagged : confirm(tagged, fromTokens(tokens));
    }

    /** A platform tag is taken as given, except Afrikaans: platforms tag Flemish posts {@code af}. */
    private static boolean trusted(String tagged) {
        return tagged != null && !MISLABELLED_DUTCH.equals(tagged);
    }

    /** An Afrikaans tag stands unless the text reads as Dutch; without a tag the text decides. */
    private static String confirm(String tagged, String detected) {
        return tagged == null || NLD.equals(detected) ? detected : tagged;
    }

    private String fromTokens(List<Token> tokens) {
        StringBuilder cleaned = new StringBuilder();
        int[] hits = new int[LEXICON_LANGUAGES.length];
        int words = 0;
        int letters = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String word;
            if (t.kind() == Token.Kind.WORD) {
                word = t.raw();
            } else if (t.kind() == Token.Kind.HASHTAG && SocialTokenizer.hashtagSegmentCount(tokens, i) == 0) {
                word = t.raw().substring(1);
            } else {
                continue; // segmented hashtags are represented by their segment words
            }
            words++;
            letters += countLetters(word);
            cleaned.append(word).append(' ');
            Integer mask = LEXICON.get(t.norm());
            if (mask != null) {
                for (int l = 0; l < hits.length; l++) {
                    if ((mask & (1 << l)) != 0) {
                        hits[l]++;
                    }
                }
            }
        }
        String lexical = lexiconDecision(hits);
        if (lexical != null) {
            return lexical;
        }
        if (words < 2 || letters < MIN_LETTERS) {
            return UNDETERMINED;
        }
        return modelDecision(cleaned, hits);
    }

    private static String lexiconDecision(int[] hits) {
        int best = 0;
        for (int l = 1; l < hits.length; l++) {
            if (hits[l] > hits[best]) {
                best = l;
            }
        }
        int second = 0;
        for (int l = 0; l < hits.length; l++) {
            if (l != best) {
                second = Math.max(second, hits[l]);
            }
        }
        return hits[best] >= LEXICON_MIN_HITS && hits[best] - second >= LEXICON_MIN_MARGIN
                ? LEXICON_LANGUAGES[best] : null;
    }

    private String modelDecision(CharSequence cleaned, int[] hits) {
        Map<String, Double> scores = new HashMap<>();
        for (Language language : detector.predictLanguages(cleaned)) {
            String code = MODEL_ALIASES.getOrDefault(language.getLang(), language.getLang());
            // max, not sum: summing the many near-uniform small scores would favour any language with aliases
            scores.merge(code, language.getConfidence(), Math::max);
        }
        for (int l = 0; l < LEXICON_LANGUAGES.length; l++) {
            String code = LEXICON_LANGUAGES[l];
            double boost = (LOCAL_LANGUAGES.contains(code) ? LOCAL_PRIOR : 1.0) * (1 + PER_LEXICON_HIT * hits[l]);
            scores.computeIfPresent(code, (c, s) -> s * boost);
        }
        return scores.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(UNDETERMINED);
    }

    /**
     * Maps a platform tag to ISO 639-3.
     *
     * @param tag e.g. {@code nl}, {@code nl-BE}, {@code nld}, {@code dut}; may be null
     * @return the ISO 639-3 code, or null when the tag is absent, a pseudo tag or unknown
     */
    static String fromPlatformTag(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip().toLowerCase(Locale.ROOT);
        int separator = 0;
        while (separator < t.length() && t.charAt(separator) != '-' && t.charAt(separator) != '_') {
            separator++;
        }
        t = t.substring(0, separator);
        if (t.length() == 2) {
            return ISO_639_1_TO_3.get(t);
        }
        if (t.length() == 3) {
            return ISO_639_3.contains(t) ? t : BIBLIOGRAPHIC.get(t);
        }
        return null;
    }

    private static int countLetters(String word) {
        int n = 0;
        for (int k = 0; k < word.length(); k++) {
            if (Character.isLetter(word.charAt(k))) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Integer> buildLexicon(String... languages) {
        Map<String, Integer> lexicon = new HashMap<>();
        for (int l = 0; l < languages.length; l++) {
            int bit = 1 << l;
            for (String word : languages[l].split(" ")) {
                lexicon.merge(word, bit, (a, b) -> a | b);
            }
        }
        return Map.copyOf(lexicon);
    }
}
