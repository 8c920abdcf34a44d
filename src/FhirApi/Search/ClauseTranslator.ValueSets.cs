using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>:in</c> and <c>:not-in</c>: a token of the resource is (is not) one of the ValueSet's codes;
/// token <c>:above</c>/<c>:below</c> are an <c>:in</c> over the codes the stored CodeSystem subsumes. A
/// token indexed without a system (a <c>code</c> element such as Patient.gender, whose system its
/// binding implies) matches by code alone.
/// </summary>
internal sealed partial class ClauseTranslator
{
    /// <summary>
    /// Up to this many codes of a system go to SQL as one parameter each (<c>IN (@p1, @p2, ...)</c>);
    /// more (a <c>:below</c> of a large stored code system's root) as one array parameter, under
    /// SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement.
    /// </summary>
    private const int InlineCodes = 1_000;

    private Expression<Func<ResourceRow, bool>> InValueSet(string type, SearchClause clause, ValueSetCodes codes)
    {
        var inSet = Predicates.Or(codes.BySystem.Select(entry =>
        {
            var system = entry.Key;
            var members = entry.Value.ToArray();
            Expression<Func<TokenIndexRow, bool>> member = members.Length <= InlineCodes
                ? t => members.Contains(t.Code!)
                : t => EF.Parameter(members).Contains(t.Code!);
            return system.Length == 0
                ? member
                : Predicates.And((Expression<Func<TokenIndexRow, bool>>)(t => t.System == system || t.System == null), member);
        }));
        var matching = db.TokenIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<TokenIndexRow>(clause.Definition.StoredAs)).Where(inSet);
        return clause.Modifier == "not-in"
            ? r => !matching.Select(t => t.ResourceId).Contains(r.ResourceId)
            : r => matching.Select(t => t.ResourceId).Contains(r.ResourceId);
    }
}
