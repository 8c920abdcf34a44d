using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// The JSON of a <see cref="StoredBundle"/>, streamed: the Bundle's elements in the order FHIR JSON
/// has them (as the serializer writes them), each entry's stored JSON spliced in as its resource.
/// </summary>
internal sealed partial class StoredBundle
{
    /// <summary>Above this many bytes the writer hands what it has to the stream, so a large page is not held whole.</summary>
    private const int FlushAt = 32 * 1024;

    /// <summary>
    /// Whether <see cref="WriteJsonAsync"/> writes everything the skeleton holds: it knows the elements
    /// the bundle builders set, and nothing else (a timestamp, an identifier, entry links or extensions).
    /// </summary>
    public bool CanStream =>
        Skeleton is { ImplicitRules: null, Language: null, Identifier: null, Timestamp: null, Signature: null, Type: not null }
        && Skeleton.IdElement?.HasExtensions() != true
        && Skeleton.Entry.TrueForAll(e => e is { ElementId: null, Extension.Count: 0, ModifierExtension.Count: 0, Link.Count: 0 });

    /// <summary>Writes the Bundle as FHIR JSON (not indented) to a stream; the same JSON as serializing <see cref="Bundle"/>.</summary>
    public async System.Threading.Tasks.Task WriteJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        if (!CanStream)
        {
            throw new InvalidOperationException("This bundle holds elements the streaming writer does not write: serialize Bundle instead.");
        }

        await using var writer = new Utf8JsonWriter(body, FhirSerializer.JsonOptions());
        writer.WriteStartObject();
        writer.WriteString("resourceType", "Bundle");
        if (Skeleton.Id is { } id)
        {
            writer.WriteString("id", id);
        }

        if (Skeleton.Meta is { } meta)
        {
            writer.WritePropertyName("meta");
            serializer.WriteJson(meta, writer);
        }

        writer.WriteString("type", Skeleton.Type!.Value.GetLiteral());
        if (Skeleton.Total is { } total)
        {
            writer.WriteNumber("total", total);
        }

        if (Skeleton.Link.Count > 0)
        {
            writer.WritePropertyName("link");
            writer.WriteStartArray();
            foreach (var link in Skeleton.Link)
            {
                serializer.WriteJson(link, writer);
            }

            writer.WriteEndArray();
        }

        if (Skeleton.Entry.Count > 0)
        {
            writer.WritePropertyName("entry");
            writer.WriteStartArray();
            for (var i = 0; i < Skeleton.Entry.Count; i++)
            {
                WriteEntry(writer, Skeleton.Entry[i], storedJson[i]);
                if (writer.BytesPending > FlushAt)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private void WriteEntry(Utf8JsonWriter writer, Bundle.EntryComponent entry, string? json)
    {
        writer.WriteStartObject();
        if (entry.FullUrl is { } fullUrl)
        {
            writer.WriteString("fullUrl", fullUrl);
        }

        if (json is not null)
        {
            // Written by this server's serializer when the version was stored: valid JSON, not checked again.
            writer.WritePropertyName("resource");
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else if (entry.Resource is { } resource)
        {
            writer.WritePropertyName("resource");
            serializer.WriteJson(resource, writer);
        }

        WriteElement(writer, "search", entry.Search);
        WriteElement(writer, "request", entry.Request);
        WriteElement(writer, "response", entry.Response);
        writer.WriteEndObject();
    }

    private void WriteElement(Utf8JsonWriter writer, string name, Base? element)
    {
        if (element is not null)
        {
            writer.WritePropertyName(name);
            serializer.WriteJson(element, writer);
        }
    }
}
