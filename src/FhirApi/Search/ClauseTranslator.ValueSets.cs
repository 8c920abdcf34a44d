using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>:in</c> and <c>:not-in</c>: a token of the resource is (is not) one of the ValueSet's codes;
/// token <c>:above</c>/<c>:below</c> are an <c>:in</c> over the codes the stored CodeSystem subsumes. A
/// token indexed without a system (a <c>code</c> element such as Patient.gender, whose system its
/// binding implies) matches by code alone.
/// </summary>
internal sealed partial class ClauseTranslator
{
    private Expression<Func<ResourceRow, bool>> InValueSet(string type, SearchClause clause, ValueSetCodes codes)
    {
        var param = clause.Definition.Code;
        var inSet = Predicates.Or(codes.BySystem.Select(entry =>
        {
            var system = entry.Key;
            var members = entry.Value.ToArray();
            return system.Length == 0
                ? (Expression<Func<TokenIndexRow, bool>>)(t => members.Contains(t.Code!))
                : t => (t.System == system || t.System == null) && members.Contains(t.Code!);
        }));
        var matching = db.TokenIndex.Where(t => t.ResourceType == type && t.Param == param).Where(inSet);
        return clause.Modifier == "not-in"
            ? r => !matching.Select(t => t.ResourceId).Contains(r.ResourceId)
            : r => matching.Select(t => t.ResourceId).Contains(r.ResourceId);
    }
}
