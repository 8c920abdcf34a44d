using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// A guess, from its kind alone, at how few resources a clause selects; the lowest drives the SQL
/// (see <see cref="CorrelatedProbe"/>). Kinds, not statistics: a query plan must not depend on
/// whether the database has been analysed. Ties keep the query's order.
/// </summary>
internal static class ClauseSelectivity
{
    public static int Rank(SearchClause clause)
    {
        if (clause.Modifier is "not" or "missing" or "contains" or "text" || clause.Definition.Code is "_content" or "_lastUpdated")
        {
            return 9;
        }

        if (clause.Definition.Code == "_id")
        {
            return 0;
        }

        if (clause.Chain.Count > 0)
        {
            return clause.Reverse ? 4 : 1;
        }

        return clause.Definition.Type switch
        {
            SearchParamType.Reference => 1,
            SearchParamType.Token or SearchParamType.Uri or SearchParamType.Composite => 2,
            SearchParamType.String => 3,
            SearchParamType.Date or SearchParamType.Number or SearchParamType.Quantity => clause.Values.All(v => v.Prefix == SearchPrefix.Eq) ? 3 : 5,
            _ => 6,
        };
    }
}
