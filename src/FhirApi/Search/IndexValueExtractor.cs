using System.Globalization;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Evaluates each search parameter's FHIRPath expression on a resource and turns the values into
/// typed index rows. <c>resolve()</c> in an expression sees a typed stub of the referenced
/// resource, so <c>subject.where(resolve() is Patient)</c> works without loading the target.
/// </summary>
internal sealed partial class IndexValueExtractor(SearchParameterRegistry registry)
{
    public IndexedValues Extract(Resource resource)
    {
        var values = new IndexedValues();
        var type = resource.TypeName;
        var id = resource.Id ?? throw new ArgumentException("Only a resource with an id can be indexed.", nameof(resource));
        var node = resource.ToPocoNode();
        var context = new FhirEvaluationContext { ElementResolver = ResolveStub, Resource = node, RootResource = node };
        foreach (var definition in registry.Indexed(type))
        {
            IEnumerable<Base> results;
            try
            {
                results = FhirPathCache.Select(resource, definition.Expression!, context);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NotSupportedException or InvalidCastException)
            {
                // An expression the engine cannot evaluate on this instance indexes nothing for that parameter.
                continue;
            }

            foreach (var value in results)
            {
                if (definition.Type == SearchParamType.Composite)
                {
                    AddComposite(values, type, id, definition, value, context);
                }
                else if (definition.Code == SearchParameterRegistry.TextParameter)
                {
                    AddNarrativeWords(values, type, id, value);
                }
                else
                {
                    Add(values, type, id, definition, value);
                }
            }
        }

        return values;
    }

    /// <summary>What <c>resolve()</c> sees: a stub of the referenced type with the referenced id, no content.</summary>
    internal static PocoNode? ResolveStub(string reference)
    {
        var (type, id) = ReferencedTarget(reference);
        if (type is not null && ModelInfo.GetTypeForFhirType(type) is { } clr && Activator.CreateInstance(clr) is Resource stub)
        {
            stub.Id = id;
            return stub.ToPocoNode();
        }

        return null;
    }

    /// <summary>The resource type a reference names (the last path segment that is a resource type), for <c>resolve() is Type</c>.</summary>
    internal static string? ReferencedType(string reference) => ReferencedTarget(reference).Type;

    private static (string? Type, string? Id) ReferencedTarget(string reference)
    {
        var parts = reference.Split('/');
        for (var i = parts.Length - 2; i >= 0; i--)
        {
            if (ModelInfo.GetTypeForFhirType(parts[i]) is { } clr && typeof(Resource).IsAssignableFrom(clr) && !clr.IsAbstract)
            {
                return (parts[i], parts[i + 1]);
            }
        }

        return (null, null);
    }

    private static void Add(IndexedValues values, string type, string id, SearchParameterDefinition definition, Base value)
    {
        var param = definition.Code;
        switch (definition.Type)
        {
            case SearchParamType.Token:
                AddToken(values, type, id, param, value);
                break;
            case SearchParamType.String:
                AddString(values, type, id, param, value);
                break;
            case SearchParamType.Date:
                AddDate(values, type, id, param, value);
                break;
            case SearchParamType.Number:
            case SearchParamType.Quantity:
                AddQuantity(values, type, id, param, value);
                break;
            case SearchParamType.Reference:
                AddReference(values, type, id, param, value);
                break;
            case SearchParamType.Uri:
                if (value is PrimitiveType { JsonValue: not null } uri)
                {
                    values.Uris.Add(new UriIndexRow { ResourceType = type, ResourceId = id, Param = param, Value = TextNormalizer.Truncate(uri.ToString()!) });
                }

                break;
        }
    }

    private static void AddToken(IndexedValues values, string type, string id, string param, Base value)
    {
        void Token(string? system, string? code, string? text)
        {
            if (system is null && code is null && text is null)
            {
                return;
            }

            values.Tokens.Add(new TokenIndexRow
            {
                ResourceType = type,
                ResourceId = id,
                Param = param,
                System = system is null ? null : TextNormalizer.Truncate(system),
                Code = code is null ? null : TextNormalizer.Truncate(code),
                Text = text is null ? null : TextNormalizer.Normalize(text),
            });
        }

        switch (value)
        {
            case Coding coding:
                Token(coding.System, coding.Code, coding.Display);
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding)
                {
                    Token(coding.System, coding.Code, coding.Display ?? concept.Text);
                }

                if (concept.Coding.Count == 0 && concept.Text is not null)
                {
                    Token(null, null, concept.Text);
                }

                break;
            case Identifier identifier:
                Token(identifier.System, identifier.Value, identifier.Type?.Text);
                foreach (var coding in identifier.Type?.Coding ?? [])
                {
                    // For :of-type: system|code|value packed into the text column.
                    values.Tokens.Add(new TokenIndexRow
                    {
                        ResourceType = type, ResourceId = id, Param = param + ":of-type",
                        System = coding.System, Code = coding.Code, Text = identifier.Value,
                    });
                }

                break;
            case ContactPoint contact:
                Token(contact.System?.ToString().ToLowerInvariant(), contact.Value, null);
                break;
            case FhirBoolean boolean when boolean.Value is { } b:
                Token(null, b ? "true" : "false", null);
                break;
            case PrimitiveType primitive when primitive.JsonValue is not null:
                Token(null, primitive.ToString(), null);
                break;
        }
    }

    private static void AddString(IndexedValues values, string type, string id, string param, Base value)
    {
        void Text(string? text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                values.Strings.Add(new StringIndexRow
                {
                    ResourceType = type, ResourceId = id, Param = param,
                    Normalized = TextNormalizer.Normalize(text), Exact = TextNormalizer.Truncate(text),
                });
            }
        }

        switch (value)
        {
            case HumanName name:
                Text(name.Family);
                foreach (var part in name.Given.Concat(name.Prefix).Concat(name.Suffix))
                {
                    Text(part);
                }

                Text(name.Text);
                break;
            case Address address:
                foreach (var line in address.Line)
                {
                    Text(line);
                }

                Text(address.City);
                Text(address.District);
                Text(address.State);
                Text(address.PostalCode);
                Text(address.Country);
                Text(address.Text);
                break;
            case PrimitiveType primitive when primitive.JsonValue is not null:
                Text(primitive.ToString());
                break;
        }
    }

    private static void AddDate(IndexedValues values, string type, string id, string param, Base value)
    {
        void Range(long start, long end) =>
            values.Dates.Add(new DateIndexRow { ResourceType = type, ResourceId = id, Param = param, StartMs = start, EndMs = end });

        switch (value)
        {
            case Period period:
                {
                    var hasStart = FhirDateRange.TryParse(period.Start, out var s, out _);
                    var hasEnd = FhirDateRange.TryParse(period.End, out _, out var e);
                    if (hasStart || hasEnd)
                    {
                        Range(hasStart ? s : FhirDateRange.Min, hasEnd ? e : FhirDateRange.Max);
                    }

                    break;
                }

            case Timing timing:
                foreach (var occurrence in timing.EventElement)
                {
                    if (FhirDateRange.TryParse(occurrence.Value, out var s, out var e))
                    {
                        Range(s, e);
                    }
                }

                break;
            case Instant instant when instant.Value is { } at:
                Range(at.ToUnixTimeMilliseconds(), at.ToUnixTimeMilliseconds());
                break;
            case PrimitiveType primitive when FhirDateRange.TryParse(primitive.ToString(), out var start, out var end):
                Range(start, end);
                break;
        }
    }

    private static void AddQuantity(IndexedValues values, string type, string id, string param, Base value)
    {
        void Number(decimal number, string? system, string? code)
        {
            var (low, high) = PrecisionRange(number);
            var canonical = UcumUnits.ToCanonical(system, code, (double)number);
            values.Quantities.Add(new QuantityIndexRow
            {
                ResourceType = type, ResourceId = id, Param = param,
                System = system, Code = code, Value = (double)number, Low = low, High = high,
                CanonicalCode = canonical?.Code, CanonicalValue = canonical?.Value,
            });
        }

        switch (value)
        {
            case Quantity { Value: { } q } quantity:
                Number(q, quantity.System, quantity.Code ?? quantity.Unit);
                break;
            case Money { Value: { } m } money:
                Number(m, "urn:iso:std:iso:4217", money.Currency?.ToString());
                break;
            case Hl7.Fhir.Model.Range range:
                if (range.Low?.Value is { } low)
                {
                    Number(low, range.Low.System, range.Low.Code ?? range.Low.Unit);
                }

                if (range.High?.Value is { } high)
                {
                    Number(high, range.High.System, range.High.Code ?? range.High.Unit);
                }

                break;
            case FhirDecimal { Value: { } d }:
                Number(d, null, null);
                break;
            case Integer { Value: { } i }:
                Number(i, null, null);
                break;
            case UnsignedInt { Value: { } u }:
                Number(u, null, null);
                break;
            case PositiveInt { Value: { } p }:
                Number(p, null, null);
                break;
        }
    }

    private static void AddReference(IndexedValues values, string type, string id, string param, Base value)
    {
        string? reference = value switch
        {
            ResourceReference r => r.Reference,
            Canonical c => c.Value,
            FhirUri u => u.Value,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(reference))
        {
            if (value is ResourceReference { Identifier: { } identifier })
            {
                values.Tokens.Add(new TokenIndexRow { ResourceType = type, ResourceId = id, Param = param + ":identifier", System = identifier.System, Code = identifier.Value });
            }

            return;
        }

        var (targetType, targetId) = ReferenceParts.Local(reference);
        values.References.Add(new ReferenceIndexRow
        {
            ResourceType = type,
            ResourceId = id,
            Param = param,
            TargetType = targetType,
            TargetId = targetId,
            Url = targetId is null ? TextNormalizer.Truncate(reference) : null,
        });
        if (value is ResourceReference { Identifier: { } refIdentifier })
        {
            values.Tokens.Add(new TokenIndexRow { ResourceType = type, ResourceId = id, Param = param + ":identifier", System = refIdentifier.System, Code = refIdentifier.Value });
        }
    }

    /// <summary>The range a decimal stands for at its written precision (1.5 is [1.45, 1.55)).</summary>
    internal static (double Low, double High) PrecisionRange(decimal value)
    {
        var scale = (decimal.GetBits(value)[3] >> 16) & 0xFF;
        var half = 0.5 * Math.Pow(10, -scale);
        var number = (double)value;
        return (number - half, number + half);
    }
}
