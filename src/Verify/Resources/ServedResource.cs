using System.Text.Json;
using System.Xml.Linq;
using FhirChain.Provenance.Leaves;

namespace FhirChain.Verify.Resources;

/// <summary>A resource version as the server served it (JSON or XML): its identity and canonical content.</summary>
internal sealed record ServedResource(ResourceIdentity Identity, byte[] CanonicalContent)
{
    private const string FhirNamespace = "http://hl7.org/fhir";

    /// <summary>Loads a served resource; XML is converted to FHIR JSON first (docs/provenance.md section 2).</summary>
    /// <exception cref="FormatException">Not a FHIR resource with id, meta.versionId and meta.lastUpdated.</exception>
    public static ServedResource Load(byte[] content)
    {
        var first = content.AsSpan().TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        if (first.Length > 0 && first[0] == (byte)'<')
        {
            var xml = new System.Text.UTF8Encoding(false).GetString(content);
            var identity = IdentityFromXml(xml);
            var json = XmlResourceConverter.ToJson(xml);
            return new ServedResource(identity, CanonicalJson.Canonicalize(json));
        }

        return new ServedResource(IdentityFromJson(content), CanonicalJson.Canonicalize(content));
    }

    private static ResourceIdentity IdentityFromJson(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a FHIR resource (a JSON object)");
            }

            var meta = root.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            return new ResourceIdentity(
                JsonString(root, "resourceType", "resourceType"),
                JsonString(root, "id", "id"),
                meta.ValueKind == JsonValueKind.Object ? JsonString(meta, "versionId", "meta.versionId") : throw Missing("meta.versionId"),
                meta.ValueKind == JsonValueKind.Object ? JsonString(meta, "lastUpdated", "meta.lastUpdated") : throw Missing("meta.lastUpdated"));
        }
    }

    private static string JsonString(JsonElement element, string property, string path) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Missing(path);

    private static ResourceIdentity IdentityFromXml(string xml)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root ?? throw new FormatException("empty XML document");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new FormatException($"not valid XML: {ex.Message}", ex);
        }

        XNamespace fhir = FhirNamespace;
        if (root.Name.Namespace != fhir)
        {
            throw new FormatException($"the XML root is not in the FHIR namespace {FhirNamespace}");
        }

        var meta = root.Element(fhir + "meta");
        return new ResourceIdentity(
            root.Name.LocalName,
            XmlValue(root.Element(fhir + "id"), "id"),
            XmlValue(meta?.Element(fhir + "versionId"), "meta.versionId"),
            XmlValue(meta?.Element(fhir + "lastUpdated"), "meta.lastUpdated"));
    }

    private static string XmlValue(XElement? element, string path) =>
        element?.Attribute("value")?.Value is { Length: > 0 } value ? value : throw Missing(path);

    private static FormatException Missing(string path) => new($"the resource has no {path}");
}
