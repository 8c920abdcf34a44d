namespace FhirChain.Interop.Mapping;

/// <summary>Settings of <see cref="V2ToFhirMapper"/>.</summary>
public sealed record V2MapperOptions
{
    /// <summary>
    /// The zone of HL7 timestamps that carry a time but no offset. FHIR dateTime and instant
    /// require an offset once a time is present, so the offset of this zone at that local time
    /// is added. UTC by default.
    /// </summary>
    public TimeZoneInfo DefaultTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The clock used when MSH-7 is missing (Provenance.recorded is required).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
