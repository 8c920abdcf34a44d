using System.Text;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Rest;

/// <summary>
/// Writes the body of a <see cref="FhirResponse"/> to a stream: when the client wants plain JSON, the
/// stored JSON as is, or a <see cref="StoredBundle"/> streamed with its entries' stored JSON spliced in;
/// else the resource serialized in the wanted format. Shared by
/// <see cref="FhirHttpResult"/> and <c>search-bench</c>, so the bench times the body the server writes.
/// </summary>
internal static class FhirBodyWriter
{
    /// <summary>Writes the response's body (nothing when it has none).</summary>
    public static async System.Threading.Tasks.Task WriteAsync(Stream body, FhirResponse response, FhirSerializer serializer, FhirFormat format, bool pretty, Func<SerializationFilter>? filter, CancellationToken cancellationToken)
    {
        if (format == FhirFormat.Json && !pretty && filter is null && response.StoredJson is { } json)
        {
            await WriteTextAsync(body, json, cancellationToken);
            return;
        }

        // _summary and _elements shaped a bundle's entries when it was built; they never shape the Bundle itself.
        if (format == FhirFormat.Json && !pretty && response.StoredBundle is { CanStream: true } bundle)
        {
            await bundle.WriteJsonAsync(body, cancellationToken);
            return;
        }

        var resource = response.Resource ?? (response.StoredJson is { } stored ? serializer.FromStoredJson(stored) : null);
        if (resource is not null)
        {
            await WriteResourceAsync(body, resource, serializer, format, pretty, filter, cancellationToken);
        }
    }

    /// <summary>A resource serialized in the format; <c>_summary</c>/<c>_elements</c> never shape a Bundle itself (its entries were shaped when it was built).</summary>
    public static System.Threading.Tasks.Task WriteResourceAsync(Stream body, Resource resource, FhirSerializer serializer, FhirFormat format, bool pretty, Func<SerializationFilter>? filter, CancellationToken cancellationToken) =>
        WriteTextAsync(body, serializer.Serialize(resource, format, pretty, resource is Bundle ? null : filter), cancellationToken);

    private static async System.Threading.Tasks.Task WriteTextAsync(Stream body, string text, CancellationToken cancellationToken) =>
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
}
