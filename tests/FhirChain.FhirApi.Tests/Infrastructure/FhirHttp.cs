using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Tests.Infrastructure;

/// <summary>Small helpers to speak FHIR over a test server's HttpClient, in JSON or XML.</summary>
public static class FhirHttp
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";

    private static readonly FhirJsonDeserializer JsonParser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly FhirXmlDeserializer XmlParser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    public static StringContent Body(Resource resource, string format = Json) =>
        format == Json
            ? new StringContent(resource.ToJson(), Encoding.UTF8, Json)
            : new StringContent(resource.ToXml(), Encoding.UTF8, Xml);

    public static StringContent Body(string text, string mediaType) => new(text, Encoding.UTF8, mediaType);

    public static HttpRequestMessage Request(HttpMethod method, string url, string format = Json, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(format));
        return request;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? Json;
        var resource = mediaType.Contains("xml", StringComparison.Ordinal) ? XmlParser.Deserialize<Resource>(text) : JsonParser.Deserialize<Resource>(text);
        return resource as T ?? throw new InvalidOperationException($"Expected a {typeof(T).Name}, got {resource?.TypeName ?? "nothing"} ({(int)response.StatusCode}): {text}");
    }

    public static async Task<HttpResponseMessage> SendFhirAsync(this HttpClient client, HttpMethod method, string url, Resource? resource = null, string format = Json, Action<HttpRequestMessage>? configure = null)
    {
        var request = Request(method, url, format, resource is null ? null : Body(resource, format));
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }
}
