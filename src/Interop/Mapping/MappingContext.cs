using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>The state of mapping one message: the transaction being built and the errors met.</summary>
internal sealed class MappingContext(Hl7Message message, V2MapperOptions options)
{
    public Hl7Message Message { get; } = message;

    public V2MapperOptions Options { get; } = options;

    public Bundle Bundle { get; } = new() { Type = Bundle.BundleType.Transaction };

    public List<AckError> Errors { get; } = [];

    public string? PatientUrl { get; set; }

    public string? EncounterUrl { get; set; }

    public TimeZoneInfo Zone => Options.DefaultTimeZone;

    /// <summary>The namespace used for identifiers whose CX.4 is empty: the sending facility.</summary>
    public string FallbackAuthority => Message.SendingFacility;

    public bool HasErrors => Errors.Any(e => e.Severity == AckSeverity.Error);

    /// <summary>Adds an entry: a conditional update when <paramref name="identifier"/> is given, else a create.</summary>
    public string Add(Resource resource, Identifier? identifier)
    {
        var fullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D");
        var request = identifier?.Value is { Length: > 0 }
            ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = ConditionalUrl.ForIdentifier(resource.TypeName, identifier) }
            : new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName };
        Bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource, Request = request });
        return fullUrl;
    }

    public void Error(Hl7ErrorCode code, string text, Hl7Segment segment, int? field) =>
        Errors.Add(new AckError(code, text, segment.Id, IndexOf(segment), field));

    public void Error(Hl7ErrorCode code, string text, string segmentId) =>
        Errors.Add(new AckError(code, text, segmentId));

    public int IndexOf(Hl7Segment segment)
    {
        var segments = Message.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            if (ReferenceEquals(segments[i], segment))
            {
                return i + 1;
            }
        }

        return 0;
    }

    public FhirDateTime? DateTime(string ts) => TsConverter.ToDateTime(ts, Zone);

    public static ResourceReference Reference(string fullUrl) => new(fullUrl);
}
