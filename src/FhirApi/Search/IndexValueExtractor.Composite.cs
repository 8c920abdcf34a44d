using System.Text.RegularExpressions;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>Composite parameters (token$quantity, token$token) and the words of the narrative (<c>_text</c>).</summary>
internal sealed partial class IndexValueExtractor
{
    /// <summary>
    /// One row per pair of component values found on the same base element, so
    /// <c>component-code-value-quantity</c> only matches a code and a value of the same component.
    /// token$quantity pairs go to the quantity table, token$token pairs to the token table; the
    /// first component is kept in the row's qualifier columns.
    /// </summary>
    private static void AddComposite(IndexedValues values, string type, string id, SearchParameterDefinition definition, Base element, FhirEvaluationContext context)
    {
        List<Base> Component(int index)
        {
            try
            {
                return FhirPathCache.Select(element, definition.Components[index].Expression, context);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NotSupportedException or InvalidCastException)
            {
                return [];
            }
        }

        var first = new IndexedValues();
        foreach (var value in Component(0))
        {
            AddToken(first, type, id, definition.Code, value);
        }

        var second = new IndexedValues();
        foreach (var value in Component(1))
        {
            if (definition.Components[1].Type == SearchParamType.Quantity)
            {
                AddQuantity(second, type, id, definition.Code, value);
            }
            else
            {
                AddToken(second, type, id, definition.Code, value);
            }
        }

        foreach (var qualifier in first.Tokens.Where(t => t.Code is not null))
        {
            foreach (var quantity in second.Quantities)
            {
                values.Quantities.Add(new QuantityIndexRow
                {
                    ResourceType = type, ResourceId = id, Param = definition.Code,
                    System = quantity.System, Code = quantity.Code, Value = quantity.Value, Low = quantity.Low, High = quantity.High,
                    CanonicalCode = quantity.CanonicalCode, CanonicalValue = quantity.CanonicalValue,
                    QualifierSystem = qualifier.System, QualifierCode = qualifier.Code,
                });
            }

            foreach (var token in second.Tokens.Where(t => t.Code is not null))
            {
                values.Tokens.Add(new TokenIndexRow
                {
                    ResourceType = type, ResourceId = id, Param = definition.Code,
                    System = token.System, Code = token.Code, Text = token.Text,
                    QualifierSystem = qualifier.System, QualifierCode = qualifier.Code,
                });
            }
        }
    }

    /// <summary>The distinct words of the narrative, normalised, as string rows under <c>_text</c>.</summary>
    private static void AddNarrativeWords(IndexedValues values, string type, string id, Base value)
    {
        if (value is not PrimitiveType { JsonValue: not null } xhtml)
        {
            return;
        }

        var plain = System.Net.WebUtility.HtmlDecode(Tags().Replace(xhtml.ToString()!, " "));
        var words = Words().Matches(plain).Select(m => TextNormalizer.Normalize(m.Value)).Distinct(StringComparer.Ordinal);
        foreach (var word in words.Take(MaxNarrativeWords))
        {
            values.Strings.Add(new StringIndexRow { ResourceType = type, ResourceId = id, Param = SearchParameterRegistry.TextParameter, Normalized = word, Exact = word });
        }
    }

    /// <summary>At most this many distinct narrative words are indexed per resource.</summary>
    public const int MaxNarrativeWords = 500;

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}
