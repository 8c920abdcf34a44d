using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Parses search parameters (query string or <c>_search</c> form body) into a <see cref="SearchQuery"/>.
/// Malformed values are a 400 naming the parameter; unknown parameters are a 400 under
/// <c>Prefer: handling=strict</c> and are ignored and reported otherwise.
/// </summary>
internal sealed partial class SearchQueryParser(SearchParameterRegistry registry)
{
    private static readonly HashSet<string> Ignorable = new(StringComparer.Ordinal) { "_format", "_pretty" };

    private static readonly HashSet<string> Control = new(StringComparer.Ordinal)
    {
        "_count", "_offset", "_cursor", "_sort", "_total", "_summary", "_elements", "_include", "_include:iterate", "_revinclude", "_revinclude:iterate",
    };

    /// <param name="terminology">The stored ValueSets and CodeSystems that <c>:in</c>/<c>:not-in</c> and token <c>:above</c>/<c>:below</c> values name (see <see cref="ValueSetResolver"/>, <see cref="CodeSystemResolver"/>).</param>
    public SearchParseResult Parse(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool strict, Terminology? terminology = null)
    {
        var query = new SearchQuery(resourceType);
        foreach (var (rawName, value) in parameters)
        {
            if (Ignorable.Contains(rawName))
            {
                continue;
            }

            var error = Control.Contains(rawName)
                ? ParseControl(query, rawName, value, strict, [resourceType])
                : ParseClause(query, rawName, value, strict, terminology ?? Terminology.None);
            if (error is not null)
            {
                return new SearchParseResult(null, error);
            }
        }

        return new SearchParseResult(query, null);
    }

    private FhirResponse? ParseClause(SearchQuery query, string rawName, string value, bool strict, Terminology terminology)
    {
        var built = Build(query.ResourceType, rawName, value, depth: 0, terminology);
        if (built.Clause is { } clause)
        {
            query.Clauses.Add(clause);
            query.LinkParameters.Add(new(rawName, value));
            return null;
        }

        return built.Malformed ? Outcomes.BadRequest(built.Message!, rawName) : Unknown(query, rawName, built.Message!, strict);
    }

    /// <summary>Builds the clause for a (possibly chained) parameter name, or says why not.</summary>
    private Built Build(string type, string name, string value, int depth, Terminology terminology)
    {
        if (depth > SearchDefaults.MaxChainDepth)
        {
            return Built.Unsupported($"Chains deeper than {SearchDefaults.MaxChainDepth} links are not supported.");
        }

        if (name.StartsWith("_has:", StringComparison.Ordinal))
        {
            return BuildReverseChain(type, name, value, depth, terminology);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? BuildChain(type, name[..dot], name[(dot + 1)..], value, depth, terminology) : BuildPlain(type, name, value, terminology);
    }

    private Built BuildReverseChain(string type, string name, string value, int depth, Terminology terminology)
    {
        var parts = name.Split(':', 4);
        if (parts.Length < 4 || parts[3].Length == 0)
        {
            return Built.Unsupported($"'{name}' must have the form _has:Type:reference:parameter.");
        }

        var (source, referenceCode, rest) = (parts[1], parts[2], parts[3]);
        if (registry.Find(source, referenceCode) is not { Type: SearchParamType.Reference } reference)
        {
            return Built.Unsupported($"'{referenceCode}' is not a reference parameter of {source} (in '{name}').");
        }

        if (reference.Targets.Count > 0 && !reference.Targets.Contains(type))
        {
            return Built.Unsupported($"{source}.{referenceCode} cannot refer to {type} (in '{name}').");
        }

        var inner = Build(source, rest, value, depth + 1, terminology);
        return inner.Clause is null ? inner : Built.Of(new SearchClause(reference, null, []) { Chain = [new ChainTarget(source, inner.Clause)], Reverse = true });
    }

    private Built BuildChain(string type, string head, string rest, string value, int depth, Terminology terminology)
    {
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        var code = colon < 0 ? head : head[..colon];
        var targetType = colon < 0 ? null : head[(colon + 1)..];
        if (registry.Find(type, code) is not { Type: SearchParamType.Reference } reference)
        {
            return Built.Unsupported($"'{code}' is not a reference parameter of {type}, so it cannot be chained.");
        }

        if (targetType is not null && (!registry.IsKnownType(targetType) || (reference.Targets.Count > 0 && !reference.Targets.Contains(targetType))))
        {
            return Built.Unsupported($"{type}.{code} cannot refer to '{targetType}'.");
        }

        var chain = new List<ChainTarget>();
        Built? failure = null;
        foreach (var target in targetType is null ? reference.Targets : [targetType])
        {
            if (!registry.IsKnownType(target))
            {
                continue;
            }

            var inner = Build(target, rest, value, depth + 1, terminology);
            if (inner.Clause is { } clause)
            {
                chain.Add(new ChainTarget(target, clause));
            }
            else if (inner.Malformed)
            {
                return inner;
            }
            else
            {
                failure ??= inner;
            }
        }

        return chain.Count > 0
            ? Built.Of(new SearchClause(reference, targetType, []) { Chain = chain })
            : failure ?? Built.Unsupported($"No type {type}.{code} refers to has the parameter '{rest}'.");
    }

    private Built BuildPlain(string type, string name, string value, Terminology terminology)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var code = colon < 0 ? name : name[..colon];
        var modifier = colon < 0 ? null : name[(colon + 1)..];
        var definition = registry.Find(type, code);
        if (definition is null)
        {
            return Built.Unsupported($"Unknown search parameter '{name}' for {type}.");
        }

        var supported = definition.Type switch
        {
            SearchParamType.Composite => definition.IsSupportedComposite,
            SearchParamType.Special => definition.Code is "_text" or "_content" or "_list",
            _ => definition.Expression is not null || SearchParameterRegistry.StorageParameters.Contains(code),
        };
        if (!supported)
        {
            return Built.Unsupported($"Search parameter '{name}' is not supported by this server.");
        }

        if (modifier is not null && !ModifierFits(definition, modifier))
        {
            return Built.Unsupported($"Modifier ':{modifier}' is not supported on the {definition.Type.ToString().ToLowerInvariant()} parameter '{code}'.");
        }

        if (modifier is "in" or "not-in")
        {
            return BuildInValueSet(definition, name, value, terminology);
        }

        if (definition.Type == SearchParamType.Token && modifier is "above" or "below")
        {
            return BuildSubsumption(definition, name, modifier, value, terminology);
        }

        var values = new List<SearchValue>();
        foreach (var part in SplitOr(value))
        {
            var (prefix, raw) = SplitPrefix(definition.Type, part);
            if (modifier == "missing")
            {
                if (raw is not ("true" or "false"))
                {
                    return Built.Bad($"Parameter '{name}' takes true or false, not '{raw}'.");
                }
            }
            else if (!(definition.Type == SearchParamType.Composite ? IsWellFormedComposite(definition, raw) : IsWellFormed(definition.Type, raw)))
            {
                return Built.Bad($"Parameter '{name}' has a malformed {definition.Type.ToString().ToLowerInvariant()} value '{part}'.");
            }

            values.Add(new SearchValue(prefix, raw));
        }

        return Built.Of(new SearchClause(definition, modifier, values));
    }

    private static bool IsWellFormedComposite(SearchParameterDefinition definition, string raw)
    {
        var parts = raw.Split('$');
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            return false;
        }

        var (_, second) = SplitPrefix(definition.Components[1].Type, parts[1]);
        return IsWellFormed(definition.Components[1].Type, second);
    }

    private static FhirResponse? Unknown(SearchQuery query, string name, string message, bool strict)
    {
        if (strict)
        {
            return Outcomes.BadRequest(message, name);
        }

        query.Ignored.Add(new IgnoredParameter(name, message));
        return null;
    }

    private static bool ModifierFits(SearchParameterDefinition definition, string modifier) => definition.Type switch
    {
        SearchParamType.String => modifier is "exact" or "contains" or "missing",
        SearchParamType.Token => modifier is "not" or "text" or "missing" or "of-type" or "in" or "not-in" or "above" or "below",
        SearchParamType.Reference => modifier is "missing" or "identifier" || IsResourceType(modifier),
        SearchParamType.Uri => modifier is "above" or "below" or "missing",
        SearchParamType.Special => false,
        _ => modifier is "missing",
    };

    private static bool IsResourceType(string modifier) => ModelInfo.IsKnownResource(modifier);

    internal static IEnumerable<string> SplitOr(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }
            else if (value[i] == ',')
            {
                yield return Unescape(value[start..i]);
                start = i + 1;
            }
        }

        yield return Unescape(value[start..]);
    }

    private static string Unescape(string value) =>
        value.Contains('\\', StringComparison.Ordinal) ? value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : value;

    internal static (SearchPrefix Prefix, string Raw) SplitPrefix(SearchParamType type, string value)
    {
        if (type is SearchParamType.Number or SearchParamType.Date or SearchParamType.Quantity && value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]))
        {
            var prefix = value[..2] switch
            {
                "eq" => SearchPrefix.Eq,
                "ne" => SearchPrefix.Ne,
                "gt" => SearchPrefix.Gt,
                "lt" => SearchPrefix.Lt,
                "ge" => SearchPrefix.Ge,
                "le" => SearchPrefix.Le,
                "sa" => SearchPrefix.Sa,
                "eb" => SearchPrefix.Eb,
                "ap" => SearchPrefix.Ap,
                _ => (SearchPrefix?)null,
            };
            if (prefix is { } p)
            {
                return (p, value[2..]);
            }
        }

        return (SearchPrefix.Eq, value);
    }

    private static bool IsWellFormed(SearchParamType type, string raw) => type switch
    {
        SearchParamType.Date => FhirDateRange.TryParse(raw, out _, out _),
        SearchParamType.Number => decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        SearchParamType.Quantity => decimal.TryParse(raw.Split('|')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => raw.Length > 0,
    };
}
