namespace FhirChain.FhirApi.Storage;

// The typed values indexed from the current version of each resource, one table per search
// parameter type. Rows are replaced whenever the resource is written and removed when it is deleted.
// Kept apart from parameter definitions (Search/SearchParameterRegistry) and from parsed queries
// (Search/SearchQuery), as STYLE.md asks.

/// <summary>Columns every index row has: which resource and which parameter.</summary>
internal abstract class SearchIndexRow
{
    public long Id { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    /// <summary>The search parameter code, e.g. <c>identifier</c>.</summary>
    public required string Param { get; set; }
}

/// <summary>token: Coding, CodeableConcept, Identifier, code, boolean, ContactPoint.</summary>
internal sealed class TokenIndexRow : SearchIndexRow
{
    public string? System { get; set; }

    public string? Code { get; set; }

    /// <summary>Display or text, normalised, for <c>:text</c>.</summary>
    public string? Text { get; set; }

    /// <summary>For a token$token composite: the first component's system (this row's System/Code are the second).</summary>
    public string? QualifierSystem { get; set; }

    /// <summary>For a token$token composite: the first component's code.</summary>
    public string? QualifierCode { get; set; }
}

/// <summary>string: normalised (case and accent folded) for the default and <c>:contains</c>, exact for <c>:exact</c>.</summary>
internal sealed class StringIndexRow : SearchIndexRow
{
    public required string Normalized { get; set; }

    public required string Exact { get; set; }
}

/// <summary>date: the period a value stands for, in Unix milliseconds, both ends inclusive.</summary>
internal sealed class DateIndexRow : SearchIndexRow
{
    public long StartMs { get; set; }

    public long EndMs { get; set; }
}

/// <summary>number and quantity: value with the range its precision implies.</summary>
internal sealed class QuantityIndexRow : SearchIndexRow
{
    public string? System { get; set; }

    public string? Code { get; set; }

    public double Value { get; set; }

    public double Low { get; set; }

    public double High { get; set; }

    /// <summary>The UCUM base unit the value was converted to (e.g. <c>g</c> for <c>mg</c>), when the unit is in the conversion table.</summary>
    public string? CanonicalCode { get; set; }

    /// <summary>The value in <see cref="CanonicalCode"/> units.</summary>
    public double? CanonicalValue { get; set; }

    /// <summary>For a token$quantity composite: the token component's system.</summary>
    public string? QualifierSystem { get; set; }

    /// <summary>For a token$quantity composite: the token component's code.</summary>
    public string? QualifierCode { get; set; }
}

/// <summary>reference: a local target (type and id) or an absolute/canonical URL.</summary>
internal sealed class ReferenceIndexRow : SearchIndexRow
{
    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? Url { get; set; }
}

/// <summary>uri.</summary>
internal sealed class UriIndexRow : SearchIndexRow
{
    public required string Value { get; set; }
}
