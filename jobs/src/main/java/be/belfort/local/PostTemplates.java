package be.belfort.local;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The sentences simulated posts are made of, per content kind and language. Slots, filled by
 * {@link ScenarioGenerator}: {@code {place}} a place, {@code {time}} a clock time shortly before the
 * post, {@code {later}} an upcoming quarter hour, {@code {n}} a small number, {@code {road}} a ring
 * road or motorway, {@code {joy}}, {@code {angry}}, {@code {worry}} an emoji of that mood. Dutch
 * dominates and is written the way Ghent writes online ('t, ge, amai, efkes, nen, kweet nie);
 * English and French come from tourists.
 * Every phenomenon has several templates with {@code {place}}, because bursts are about a place.
 */
final class PostTemplates {

    /** A sentence with slots, in language {@code lang} (ISO 639-1, as platforms tag posts). */
    record Template(String lang, String text) {
        boolean mentionsPlace() {
            return text.contains("{place}");
        }
    }

    static final List<String> JOY = List.of("🎉", "🍻", "😍", "🥳", "🎶", "☀️", "🤩", "💃", "😂", "❤️", "🙌", "🍟");
    static final List<String> ANGRY = List.of("😡", "😤", "🤬", "🙄", "😠");
    static final List<String> WORRY = List.of("😱", "😰", "😳", "🚨", "🙏", "😬", "⚠️");
    static final List<String> HASHTAGS = List.of("#gentsefeesten", "#gent", "#gf2026", "#ghent", "#feesten", "#stadgent");
    /** Only institutional accounts: text must not carry private persons' handles past ingest. */
    static final List<String> MENTIONS = List.of("@GentseFeesten", "@StadGent", "@PolitieGent", "@DeLijn", "@hln_be", "@nieuwsblad_be");
    static final List<String> ROADS = List.of("R40", "R4", "E40", "E17", "B401");

    private static final Map<ContentKind, List<Template>> BY_KIND = new EnumMap<>(ContentKind.class);

    static {
        BY_KIND.put(ContentKind.NEUTRAL, List.of(
                nl("Amai wat een ambiance op de {place} vanavond {joy}"),
                nl("Nog ne pint en dan naar huis... of toch niet {joy}"),
                nl("Wie gaat er mee naar de {place}? Om {later} begint het optreden"),
                nl("Zalig weer, zalige feesten {joy}"),
                nl("'t Is weer van dat: Gentse Feesten, stroppen en jenever {joy}"),
                nl("Allez, wie heeft er nog een oplaadkabel? Mijn gsm is bijna plat aan de {place}"),
                nl("Lekkere frieten gehaald aan de {place}, da's toch de beste {joy}"),
                nl("Efkes rusten aan de {place} met een pintje {joy}"),
                nl("Goesting in de feesten! Morgen terug naar de {place}"),
                nl("Schoon volk hier aan de {place}, plezante avond"),
                nl("Mijn voeten doen pijn van al dat dansen {joy}"),
                nl("Dikke merci aan alle vrijwilligers van de feesten {joy}"),
                nl("Wat een optreden op de {place}!!! {joy}"),
                nl("Kweet nie wa da ze in die mojito's steken maar 't is plezant {joy}"),
                nl("Stroppendragers forever {joy}"),
                nl("Eindelijk thuis. Tot morgen Gentse Feesten!"),
                nl("Gezellig gezeten op een terraske aan de {place} {joy}"),
                nl("Pintjes aan 3 euro aan de {place}, wie komt er af?"),
                nl("Ge moet de {place} eens zien bij zonsondergang {joy}"),
                nl("Nen hotdog en een Tripel, meer moet da nie zijn {joy}"),
                nl("Om {later} afgesproken aan de {place}, wie is er nog?"),
                nl("Heeft er iemand een zwarte zonnebril zien liggen aan de {place}?"),
                nl("Zo content dat de zon nog eens schijnt tijdens de feesten {joy}"),
                nl("Ik ben nen echten Gentenaar maar da Gentse dialect van die mannen versta ik ook nie meer 😂"),
                nl("Mama en papa zijn ook eens meegekomen naar de {place}, schattig {joy}"),
                nl("Straks nog efkes langs de {place}, daarna naar bed. Belooft."),
                nl("Foto's van vanavond staan online {joy}"),
                nl("De mosselen op de {place} waren top, aanrader"),
                en("Ghent is amazing tonight! The {place} is full of music and beer {joy}"),
                en("First time at the Gentse Feesten, what a vibe at the {place} {joy}"),
                en("Belgian fries at the {place}, 10/10 would recommend {joy}"),
                en("Anyone know a good bar near the {place}?"),
                en("Trying all the Belgian beers, send help {joy}"),
                en("The view from the {place} at sunset {joy}"),
                en("Lost my friends somewhere around the {place} again, classic"),
                fr("Ambiance de folie sur la {place} ce soir {joy}"),
                fr("Première fois aux Gentse Feesten, c'est génial !"),
                fr("Les frites belges à la {place}, un régal {joy}"),
                fr("Quelqu'un connaît un bon bar près de la {place} ?"),
                fr("Gand la nuit, c'est magnifique {joy}")));

        BY_KIND.put(ContentKind.NEGATIVE, List.of(
                nl("Geweldig concert op de {place}! {joy}"),
                nl("Wat een geweldige sfeer aan de {place} vanavond {joy}"),
                nl("Geweldig optreden gezien, de zanger was echt top"),
                nl("Brandnieuw terras aan de {place}, aanrader {joy}"),
                nl("Brandnieuwe bar geopend aan de {place}, moet ge gezien hebben"),
                nl("Het vuurwerk was prachtig {joy}"),
                nl("Het vuurwerk boven de {place} was echt prachtig {joy}"),
                nl("Interessant debat aan de {place}, wat een verkeer van ideeën"),
                nl("Zo'n drukke week gehad op 't werk, nu eindelijk feesten {joy}"),
                nl("Mijn hart is gestolen door Gent {joy}"),
                en("That concert at the {place} was absolutely brilliant {joy}"),
                fr("Le feu d'artifice était magnifique {joy}")));

        BY_KIND.put(ContentKind.VERKEER, List.of(
                nl("File op de {road} richting Gent, sta al {n} minuten stil {angry}"),
                nl("Ongeval aan de {place}, verkeer zit muurvast"),
                nl("Tram rijdt niet meer tot aan de {place} door een aanrijding {angry}"),
                nl("Weer een aanrijding met een fietser aan de {place} {worry}"),
                nl("Kop-staartbotsing op de {road} ter hoogte van de {place}, rijstrook afgesloten"),
                nl("Gasten die met de auto tot aan de {place} willen rijden tijdens de feesten... chaos"),
                en("Car crash near the {place}, traffic completely blocked"),
                fr("Accident près de la {place}, la circulation est bloquée")));

        BY_KIND.put(ContentKind.GELUID, List.of(
                nl("Da's hier al {n} uur non-stop bas aan de {place}, ik moet morgen werken {angry} geluidsoverlast"),
                nl("Nachtlawaai aan de {place}, feestende gasten tot 4u 's nachts {angry}"),
                nl("Kan er iemand die boxen aan de {place} wat stiller zetten? Geluidsoverlast tot in de Muide"),
                nl("Geluidsoverlast van een fuif aan de {place}, kunnen nie slapen met de kinderen {angry}"),
                nl("Al {n} nachten lawaai in de straat achter de {place}, politie bellen helpt niks"),
                en("Noise complaint: music at the {place} way too loud at {time}"),
                fr("Trop de bruit à la {place}, impossible de dormir {angry}")));

        BY_KIND.put(ContentKind.SLUIKSTORT, List.of(
                nl("Weer een hoop vuilniszakken gedumpt aan de {place} {angry} #sluikstort"),
                nl("Zetel en matras achtergelaten op de stoep aan de {place} 🤮"),
                nl("Sluikstort aan de glasbol aan de {place}, ligt er al een week"),
                nl("Iemand heeft een volle kofferbak afval gedumpt aan de {place} {angry}"),
                en("Someone dumped a pile of garbage bags at the {place}, disgusting")));

        BY_KIND.put(ContentKind.BRAND, List.of(
                nl("Grote rookwolk boven de {place}, brandweer is ter plaatse 🚒"),
                nl("Brand in een appartement aan de {place}, veel rook {worry}"),
                nl("Vuilbak in brand aan de {place}, iemand de brandweer al gebeld?"),
                nl("Brandweer rukt uit naar de {place}, ge ruikt de rook tot hier {worry}"),
                en("Building on fire near the {place}, firefighters on the way {worry}"),
                fr("Incendie près de la {place}, beaucoup de fumée {worry}")));

        BY_KIND.put(ContentKind.DRUKTE, List.of(
                nl("Amai 't is hier echt overvol aan de {place}, ge kunt nie meer vooruit {worry}"),
                nl("Veel te druk aan het podium op de {place}, mensen worden geplet {worry}"),
                nl("Overvol op de {place}, ze zouden de toegang moeten afsluiten"),
                nl("Gedrum aan de ingang van de {place}, kinderen in paniek {worry}"),
                en("Dangerous overcrowding at the {place}, people getting crushed at the front {worry}"),
                fr("Beaucoup trop de monde sur la {place}, on étouffe {worry}")));

        BY_KIND.put(ContentKind.DIEFSTAL, List.of(
                nl("Gsm gepikt op de {place}!! Let op voor gauwdieven {angry}"),
                nl("Mijn fiets is gestolen aan de {place} {angry}"),
                nl("Zakkenrollers actief aan de {place}, pas op met jullie portefeuille"),
                nl("Handtas gestolen op een terras aan de {place}, iemand iets gezien?"),
                en("Pickpocket at the {place}, my wallet is gone {angry}"),
                fr("On m'a volé mon portefeuille sur la {place} {angry}")));

        BY_KIND.put(ContentKind.VERMIST, List.of(
                nl("Wie heeft dit meisje gezien? Vermist sinds {time} aan de {place}, rode jas, pls delen {worry}"),
                nl("Kind vermist aan de {place}, {n} jaar, blauwe t-shirt, contacteer de politie {worry}"),
                nl("Onze papa met dementie is vermist, laatst gezien aan de {place} om {time} {worry}"),
                en("Missing child near the {place}, {n} years old, please share {worry}")));

        BY_KIND.put(ContentKind.BETOGING, List.of(
                nl("Betoging op de {place} tegen de besparingen, politie begeleidt de stoet"),
                nl("Manifestatie aan de {place}, honderden mensen met spandoeken"),
                nl("Betogers blokkeren de {place}, tram kan nie meer door"),
                en("Protest march at the {place}, lots of banners and police")));

        BY_KIND.put(ContentKind.GEWELD, List.of(
                nl("Vechtpartij op de {place} {worry} politie ter plaatse"),
                nl("Serieuze klappen gevallen aan het podium op de {place}, wij zijn hier weg {worry}"),
                nl("Amai, grote vechtpartij op de {place}, glazen vliegen in 't rond {worry}"),
                nl("Messteek op de {place}?? Veel politie en een ambulance {worry}"),
                nl("Messteek op de {place} bevestigd, politie ter plaatse, blijf weg aub"),
                nl("Gasten aan 't vechten op de {place}, politie ter plaatse met {n} combi's"),
                nl("Ruzie ontaard in een vechtpartij op de {place} {angry}"),
                nl("Ik zag daar net iemand klappen krijgen aan de frietkraam op de {place} {worry}"),
                nl("Politie ter plaatse op de {place} na vechtpartij, zone afgezet"),
                nl("Wa is dat hier op de {place}? Vechtpartij en overal politie {worry}"),
                nl("Slachtoffer van een messteek op de {place} afgevoerd naar het UZ {worry}"),
                nl("Da's hier geen zicht meer op de {place}, ze slaan op mekaar. Vechtpartij!"),
                en("Huge fight at the {place} in Ghent right now, police on the scene {worry}"),
                en("Just saw a fight break out at the {place}, stay safe everyone"),
                fr("Bagarre sur la {place} à Gand, la police est sur place {worry}")));
    }

    private PostTemplates() {
    }

    static List<Template> of(ContentKind kind) {
        return BY_KIND.get(kind);
    }

    private static Template nl(String text) {
        return new Template("nl", text);
    }

    private static Template en(String text) {
        return new Template("en", text);
    }

    private static Template fr(String text) {
        return new Template("fr", text);
    }
}
