package org.communal.upgrade;

import java.util.List;
import java.util.Map;
import org.communal.upgrade.data.EdgeValue;

/**
 * A release's schema filled with rows, which the paths from that release copy.
 *
 * @param database the database
 * @param columns its tables' columns, by table
 * @param edges the edge values the generator wrote into it
 */
record SeededDatabase(ScratchDatabase database, Map<String, List<String>> columns,
    List<EdgeValue> edges) {
  SeededDatabase {
    columns = Map.copyOf(columns);
    edges = List.copyOf(edges);
  }
}
