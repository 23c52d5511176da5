package be.belfort.nlp;

import java.io.Serializable;

/**
 * A gazetteer name found in a token list.
 *
 * @param placeId    id of the place, or of the wijk when a wijk name itself was mentioned
 * @param name       the place's official name (not the alias that matched)
 * @param wijk       id of the wijk the place lies in; null for city-wide places such as ring roads
 * @param tokenStart index of the first matched token
 * @param tokenEnd   index after the last matched token (exclusive)
 */
public record PlaceMatch(String placeId, String name, String wijk, int tokenStart, int tokenEnd)
        implements Serializable {
}
