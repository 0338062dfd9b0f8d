package org.dataexplorer.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RowPageFilterTest {

    @Test
    void parametersAreDecodedAndKeepTheirOrderAndRepeats() {
        Map<String, List<String>> p = RowPageFilter.parameters("city=S%C3%A3o+Paulo&amount__gt=5&city=Oslo&flag&=x&");
        assertEquals(List.of("city", "amount__gt", "flag", ""), List.copyOf(p.keySet()));
        assertEquals(List.of("São Paulo", "Oslo"), p.get("city"));
        assertEquals(List.of(""), p.get("flag"));
        assertEquals(Map.of(), RowPageFilter.parameters(null));
    }

    @Test
    void linksKeepFiltersAndSortButReplaceThePaging() {
        assertEquals("/data/api/datasets/x/rows?city=S%C3%A3o+Paulo&sort=-fare&limit=50&offset=100",
                RowPageFilter.link("/data/api/datasets/x/rows",
                        "offset=50&city=S%C3%A3o+Paulo&limit=50&sort=-fare&page=3&pageSize=9&cursor=r1",
                        Map.of("offset", "100", "limit", "50")));
        assertEquals("/data/data/x?cursor=k%2Babc%20.1", RowPageFilter.link("/data/data/x", null,
                Map.of("cursor", "k+abc .1")));
    }
}
