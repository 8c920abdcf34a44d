using System.Globalization;
using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using SearchParamType = Hl7.Fhir.Model.SearchParamType;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Translates one parsed clause into a predicate over <see cref="ResourceRow"/> (an EXISTS over the
/// parameter's index table). Values only ever reach SQL as parameters. Chain targets found
/// beforehand (<paramref name="resolvedTargets"/>, keyed by the very <see cref="ChainTarget"/>)
/// are matched as a list of ids instead of a subquery.
/// </summary>
internal sealed partial class ClauseTranslator(FhirDbContext db, IReadOnlyDictionary<ChainTarget, List<string>>? resolvedTargets = null)
{
    public Expression<Func<ResourceRow, bool>> Translate(string type, SearchClause clause)
    {
        if (clause.Chain.Count > 0)
        {
            return clause.Reverse ? ReverseChain(type, clause) : Chain(type, clause);
        }

        var code = clause.Definition.Code;
        switch (code)
        {
            case "_content":
                return Content(clause);
            case "_list":
                return ListMembers(type, clause);
            case SearchParameterRegistry.TextParameter:
                return NarrativeText(type, clause);
        }

        if (code == "_id")
        {
            var ids = clause.Values.Select(v => v.Raw).ToArray();
            return clause.Modifier == "not" ? r => !ids.Contains(r.ResourceId) : r => ids.Contains(r.ResourceId);
        }

        if (code == "_lastUpdated")
        {
            return Predicates.Or(clause.Values.Select(v =>
            {
                FhirDateRange.TryParse(v.Raw, out var start, out var end);
                var point = DateMatch(v.Prefix, start, end);
                return Rebind<ResourceRow>(point, r => r.LastUpdatedMs);
            }));
        }

        if (clause.Modifier == "missing")
        {
            var missing = clause.Values[0].Raw == "true";
            var any = AnyRowFor(type, clause.Definition);
            return missing ? Not(any) : any;
        }

        return clause.Definition.Type switch
        {
            SearchParamType.Token => Token(type, clause),
            SearchParamType.String => String(type, clause),
            SearchParamType.Date => Date(type, clause),
            SearchParamType.Number or SearchParamType.Quantity => Quantity(type, clause),
            SearchParamType.Reference => Reference(type, clause),
            SearchParamType.Uri => Uri(type, clause),
            SearchParamType.Composite => Composite(type, clause),
            _ => throw new InvalidOperationException($"Parameter type {clause.Definition.Type} is not searchable."),
        };
    }

    private Expression<Func<ResourceRow, bool>> Token(string type, SearchClause clause)
    {
        if (clause.Codes is { } codes)
        {
            return InValueSet(type, clause, codes);
        }

        var stored = clause.Definition.StoredAs;
        if (clause.Modifier == "of-type")
        {
            var ofType = Predicates.ParamIn<TokenIndexRow>([.. stored.Select(p => p + ":of-type")]);
            var predicate = Predicates.Or(clause.Values.Select(v =>
            {
                var parts = v.Raw.Split('|');
                var (system, code, value) = (parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2));
                return (Expression<Func<TokenIndexRow, bool>>)(t => t.System == system && t.Code == code && t.Text == value);
            }));
            var rows = db.TokenIndex.Where(t => t.ResourceType == type).Where(ofType).Where(predicate);
            return r => rows.Select(t => t.ResourceId).Contains(r.ResourceId);
        }

        var values = Predicates.Or(clause.Values.Select(v => TokenValue(v.Raw, clause.Modifier == "text")));
        var matching = db.TokenIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<TokenIndexRow>(stored)).Where(values);
        return clause.Modifier == "not"
            ? r => !matching.Select(t => t.ResourceId).Contains(r.ResourceId)
            : r => matching.Select(t => t.ResourceId).Contains(r.ResourceId);
    }

    private static Expression<Func<TokenIndexRow, bool>> TokenValue(string raw, bool text)
    {
        if (text)
        {
            var normalized = TextNormalizer.Normalize(raw);
            return t => t.Text != null && t.Text.StartsWith(normalized);
        }

        var bar = raw.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return t => t.Code == raw;
        }

        var system = raw[..bar];
        var code = raw[(bar + 1)..];
        if (system.Length == 0)
        {
            return t => t.System == null && t.Code == code;
        }

        if (code.Length == 0)
        {
            return t => t.System == system;
        }

        return t => t.System == system && t.Code == code;
    }

    private Expression<Func<ResourceRow, bool>> String(string type, SearchClause clause)
    {
        var values = Predicates.Or(clause.Values.Select(v =>
        {
            var normalized = TextNormalizer.Normalize(v.Raw);
            return clause.Modifier switch
            {
                "exact" => (Expression<Func<StringIndexRow, bool>>)(s => s.Exact == v.Raw),
                "contains" => s => s.Normalized.Contains(normalized),
                _ => s => s.Normalized.StartsWith(normalized),
            };
        }));
        var matching = db.StringIndex.Where(s => s.ResourceType == type).Where(Predicates.ParamIn<StringIndexRow>(clause.Definition.StoredAs)).Where(values);
        return r => matching.Select(s => s.ResourceId).Contains(r.ResourceId);
    }

    private Expression<Func<ResourceRow, bool>> Date(string type, SearchClause clause)
    {
        var values = Predicates.Or(clause.Values.Select(v =>
        {
            FhirDateRange.TryParse(v.Raw, out var start, out var end);
            return DateMatch(v.Prefix, start, end);
        }));
        var matching = db.DateIndex.Where(d => d.ResourceType == type).Where(Predicates.ParamIn<DateIndexRow>(clause.Definition.StoredAs)).Where(values);
        return r => matching.Select(d => d.ResourceId).Contains(r.ResourceId);
    }

    /// <summary>R4 date prefix semantics between the search range [start, end] and an indexed range.</summary>
    private static Expression<Func<DateIndexRow, bool>> DateMatch(SearchPrefix prefix, long start, long end)
    {
        var slack = Math.Max((end - start) / 10, 86_400_000L);
        return prefix switch
        {
            SearchPrefix.Eq => d => d.StartMs >= start && d.EndMs <= end,
            SearchPrefix.Ne => d => d.StartMs < start || d.EndMs > end,
            SearchPrefix.Gt => d => d.EndMs > end,
            SearchPrefix.Lt => d => d.StartMs < start,
            SearchPrefix.Ge => d => d.EndMs >= start,
            SearchPrefix.Le => d => d.StartMs <= end,
            SearchPrefix.Sa => d => d.StartMs > end,
            SearchPrefix.Eb => d => d.EndMs < start,
            SearchPrefix.Ap => d => d.StartMs <= end + slack && d.EndMs >= start - slack,
            _ => d => false,
        };
    }

    private Expression<Func<ResourceRow, bool>> Reference(string type, SearchClause clause)
    {
        var stored = clause.Definition.StoredAs;
        if (clause.Modifier == "identifier")
        {
            var identifierParam = Predicates.ParamIn<TokenIndexRow>([.. stored.Select(p => p + ":identifier")]);
            var tokens = Predicates.Or(clause.Values.Select(v => TokenValue(v.Raw, text: false)));
            var matchingTokens = db.TokenIndex.Where(t => t.ResourceType == type).Where(identifierParam).Where(tokens);
            return r => matchingTokens.Select(t => t.ResourceId).Contains(r.ResourceId);
        }

        var targetType = clause.Modifier;
        var values = Predicates.Or(clause.Values.Select(v =>
        {
            var (localType, localId) = ReferenceParts.Local(v.Raw);
            if (localId is not null)
            {
                return (Expression<Func<ReferenceIndexRow, bool>>)(x => x.TargetType == localType && x.TargetId == localId);
            }

            if (IdRules.IsValid(v.Raw))
            {
                var id = v.Raw;
                return targetType is null
                    ? x => x.TargetId == id
                    : x => x.TargetType == targetType && x.TargetId == id;
            }

            var url = v.Raw;
            return x => x.Url == url;
        }));
        var matching = db.ReferenceIndex.Where(x => x.ResourceType == type).Where(Predicates.ParamIn<ReferenceIndexRow>(stored)).Where(values);
        return r => matching.Select(x => x.ResourceId).Contains(r.ResourceId);
    }

    private Expression<Func<ResourceRow, bool>> Uri(string type, SearchClause clause)
    {
        var values = Predicates.Or(clause.Values.Select(v =>
        {
            var raw = v.Raw;
            if (clause.Modifier == "above")
            {
                var parents = UriParents(raw);
                return (Expression<Func<UriIndexRow, bool>>)(u => parents.Contains(u.Value));
            }

            if (clause.Modifier == "below")
            {
                // A path prefix: the value itself or anything under it, not every string it begins ('/fhir' is not above '/fhirx').
                var under = raw.EndsWith('/') ? raw : raw + "/";
                var exact = raw.TrimEnd('/');
                return (Expression<Func<UriIndexRow, bool>>)(u => u.Value == exact || u.Value.StartsWith(under));
            }

            return u => u.Value == raw;
        }));
        var matching = db.UriIndex.Where(u => u.ResourceType == type).Where(Predicates.ParamIn<UriIndexRow>(clause.Definition.StoredAs)).Where(values);
        return r => matching.Select(u => u.ResourceId).Contains(r.ResourceId);
    }

    private Expression<Func<ResourceRow, bool>> AnyRowFor(string type, SearchParameterDefinition definition)
    {
        var stored = definition.StoredAs;
        var tokens = db.TokenIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<TokenIndexRow>(stored));
        var strings = db.StringIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<StringIndexRow>(stored));
        var dates = db.DateIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<DateIndexRow>(stored));
        var quantities = db.QuantityIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<QuantityIndexRow>(stored));
        var references = db.ReferenceIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<ReferenceIndexRow>(stored));
        var uris = db.UriIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<UriIndexRow>(stored));
        return definition.Type switch
        {
            SearchParamType.Token => r => tokens.Any(t => t.ResourceId == r.ResourceId),
            SearchParamType.String => r => strings.Any(t => t.ResourceId == r.ResourceId),
            SearchParamType.Date => r => dates.Any(t => t.ResourceId == r.ResourceId),
            SearchParamType.Composite when definition.Components[1].Type == SearchParamType.Token => r => tokens.Any(t => t.ResourceId == r.ResourceId),
            SearchParamType.Number or SearchParamType.Quantity or SearchParamType.Composite => r => quantities.Any(t => t.ResourceId == r.ResourceId),
            SearchParamType.Reference => r => references.Any(t => t.ResourceId == r.ResourceId),
            _ => r => uris.Any(t => t.ResourceId == r.ResourceId),
        };
    }

    /// <summary>The uri itself and every path prefix of it, with and without the '/' that ends it (what <c>:above</c> matches).</summary>
    private static List<string> UriParents(string uri)
    {
        var parents = new List<string> { uri };
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var floor = schemeEnd < 0 ? 0 : schemeEnd + 3;
        for (var slash = uri.LastIndexOf('/'); slash > floor; slash = uri.LastIndexOf('/', slash - 1))
        {
            parents.Add(uri[..slash]);
            parents.Add(uri[..(slash + 1)]);
        }

        return parents.Distinct(StringComparer.Ordinal).ToList();
    }

    private static Expression<Func<ResourceRow, bool>> Not(Expression<Func<ResourceRow, bool>> predicate) =>
        Expression.Lambda<Func<ResourceRow, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    /// <summary>Applies a date-range predicate to a point in time on another entity (used for _lastUpdated).</summary>
    private static Expression<Func<T, bool>> Rebind<T>(Expression<Func<DateIndexRow, bool>> predicate, Expression<Func<T, long>> point)
    {
        var parameter = point.Parameters[0];
        var body = new PointRewriter(predicate.Parameters[0], point.Body).Visit(predicate.Body);
        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private sealed class PointRewriter(ParameterExpression row, Expression point) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == row && node.Member.Name is nameof(DateIndexRow.StartMs) or nameof(DateIndexRow.EndMs) ? point : base.VisitMember(node);
    }
}
