package org.dataexplorer.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    @Test
    void onlyTheTwoRowRoutesWithAWellFormedIdAreTaken() {
        String id = "978b62dd-cb0f-435b-bba2-81e2a6f985b5";
        assertEquals(id, RowPageFilter.datasetId("/api/datasets/" + id + "/rows"));
        assertEquals(id, RowPageFilter.datasetId("/data/" + id));
        assertEquals(id.toUpperCase(), RowPageFilter.datasetId("/data/" + id.toUpperCase()));
        assertNull(RowPageFilter.datasetId("/api/datasets/" + id));
        assertNull(RowPageFilter.datasetId("/api/datasets/" + id + "/rowsx"));
        assertNull(RowPageFilter.datasetId("/api/datasets/" + id + "/facets"));
        assertNull(RowPageFilter.datasetId("/data/" + id + "/"));
        assertNull(RowPageFilter.datasetId("/data/" + id.substring(1)));
        assertNull(RowPageFilter.datasetId("/data/" + id.replace('b', 'g')));
        assertNull(RowPageFilter.datasetId("/data/" + id.replace('-', '/')));
        assertNull(RowPageFilter.datasetId("/schema/" + id));
        assertNull(RowPageFilter.datasetId(""));
    }
}
