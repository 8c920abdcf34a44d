using System.Globalization;
using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using SearchParamType = Hl7.Fhir.Model.SearchParamType;

namespace FhirChain.FhirApi.Search;

/// <summary>Number and quantity (with UCUM conversion), and the token$quantity / token$token composites.</summary>
internal sealed partial class ClauseTranslator
{
    private Expression<Func<ResourceRow, bool>> Quantity(string type, SearchClause clause)
    {
        var values = Predicates.Or(clause.Values.Select(v => QuantityValue(v.Prefix, v.Raw)));
        // Only composites have a qualifier; saying so lets the database use the plain values' (partial) index.
        var matching = db.QuantityIndex.Where(q => q.ResourceType == type).Where(Predicates.ParamIn<QuantityIndexRow>(clause.Definition.StoredAs)).Where(q => q.QualifierCode == null).Where(values);
        return r => matching.Select(q => q.ResourceId).Contains(r.ResourceId);
    }

    /// <summary>
    /// <c>[prefix]number|system|code</c>. A UCUM unit in <see cref="UcumUnits"/> compares in base
    /// units (so 1 g matches 1000 mg); another unit must equal the stored system and code (or unit).
    /// </summary>
    private static Expression<Func<QuantityIndexRow, bool>> QuantityValue(SearchPrefix prefix, string raw)
    {
        var parts = raw.Split('|');
        var number = decimal.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (parts.Length < 3)
        {
            return NumberMatch(prefix, number, 1, q => q.Value);
        }

        var system = parts[1];
        var code = parts[2];
        if (UcumUnits.Factor(system, code) is { } unit)
        {
            var canonical = unit.Code;
            return Predicates.And(NumberMatch(prefix, number, unit.Factor, q => q.CanonicalValue ?? 0), q => q.CanonicalCode == canonical);
        }

        var match = NumberMatch(prefix, number, 1, q => q.Value);
        if (system.Length > 0)
        {
            match = Predicates.And(match, q => q.System == system);
        }

        if (code.Length > 0)
        {
            match = Predicates.And(match, q => q.Code == code);
        }

        return match;
    }

    /// <summary>R4 number prefixes; <c>eq</c> and <c>ne</c> use the range the written precision implies.</summary>
    private static Expression<Func<QuantityIndexRow, bool>> NumberMatch(SearchPrefix prefix, decimal number, double factor, Expression<Func<QuantityIndexRow, double>> column)
    {
        var (low, high) = IndexValueExtractor.PrecisionRange(number);
        (low, high) = (low * factor, high * factor);
        var value = (double)number * factor;
        var slack = Math.Abs(value) * 0.1;
        Expression<Func<double, bool>> test = prefix switch
        {
            SearchPrefix.Eq => x => x >= low && x < high,
            SearchPrefix.Ne => x => x < low || x >= high,
            SearchPrefix.Gt or SearchPrefix.Sa => x => x > value,
            SearchPrefix.Lt or SearchPrefix.Eb => x => x < value,
            SearchPrefix.Ge => x => x >= value,
            SearchPrefix.Le => x => x <= value,
            SearchPrefix.Ap => x => x >= value - slack && x <= value + slack,
            _ => x => false,
        };
        var body = new Substitute(test.Parameters[0], column.Body).Visit(test.Body);
        return Expression.Lambda<Func<QuantityIndexRow, bool>>(body, column.Parameters);
    }

    /// <summary><c>code-value-quantity=system|code$[prefix]number|system|code</c> or <c>code-value-concept=system|code$system|code</c>.</summary>
    private Expression<Func<ResourceRow, bool>> Composite(string type, SearchClause clause)
    {
        var stored = clause.Definition.StoredAs;
        if (clause.Definition.Components[1].Type == SearchParamType.Quantity)
        {
            var quantities = Predicates.Or(clause.Values.Select(v =>
            {
                var parts = v.Raw.Split('$');
                var (prefix, second) = SearchQueryParser.SplitPrefix(SearchParamType.Quantity, parts[1]);
                var (system, code) = TokenParts(parts[0]);
                Expression<Func<QuantityIndexRow, bool>> first = system is null ? q => q.QualifierCode == code : q => q.QualifierSystem == system && q.QualifierCode == code;
                return Predicates.And(first, QuantityValue(prefix, second));
            }));
            var matchingQuantities = db.QuantityIndex.Where(q => q.ResourceType == type).Where(Predicates.ParamIn<QuantityIndexRow>(stored)).Where(quantities);
            return r => matchingQuantities.Select(q => q.ResourceId).Contains(r.ResourceId);
        }

        var tokens = Predicates.Or(clause.Values.Select(v =>
        {
            var parts = v.Raw.Split('$');
            var (system, code) = TokenParts(parts[0]);
            Expression<Func<TokenIndexRow, bool>> first = system is null ? t => t.QualifierCode == code : t => t.QualifierSystem == system && t.QualifierCode == code;
            return Predicates.And(first, TokenValue(parts[1], text: false));
        }));
        var matchingTokens = db.TokenIndex.Where(t => t.ResourceType == type).Where(Predicates.ParamIn<TokenIndexRow>(stored)).Where(tokens);
        return r => matchingTokens.Select(t => t.ResourceId).Contains(r.ResourceId);
    }

    private static (string? System, string Code) TokenParts(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (null, token) : (token[..bar], token[(bar + 1)..]);
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
