using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// meta.lastUpdated as the FHIR serializer writes it (millisecond precision, UTC, trailing zeros of
/// the fraction dropped). The log leaf binds this exact text, so it must equal what is served.
/// </summary>
internal static class FhirInstantText
{
    public static string Format(DateTimeOffset instant) =>
        PrimitiveTypeConverter.ConvertTo<string>(instant.ToUniversalTime());
}
