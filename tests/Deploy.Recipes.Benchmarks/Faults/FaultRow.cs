namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>One line of the fault table.</summary>
/// <param name="Fault">What was injected.</param>
/// <param name="Failed">Customer requests that failed while it happened (maintenance pages not counted).</param>
/// <param name="Maintenance">Maintenance pages customers got.</param>
/// <param name="LiveAfter">The version customers were served right after the fault.</param>
/// <param name="Rerun">Whether the rerun completed without --force-unlock, and what it said.</param>
/// <param name="OrdersAcknowledged">Orders the shop answered 201 to during the row.</param>
/// <param name="OrdersLost">Of those, how many are not in the database afterwards.</param>
/// <param name="Note">What else was seen.</param>
internal sealed record FaultRow(string Fault, long Failed, long Maintenance, string LiveAfter, string Rerun, int OrdersAcknowledged, int OrdersLost, string Note);
