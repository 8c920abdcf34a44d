using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// Reads and writes FHIR R4 resources with the Firely SDK's strict parsers. XML is read with DTDs
/// prohibited and no resolver, so external entities can never be fetched.
/// </summary>
internal sealed class FhirSerializer
{
    private readonly BaseFhirJsonDeserializer jsonDeserializer;

    /// <summary>For JSON this server wrote itself from validated resources: no validation, which is most of a parse's cost.</summary>
    private readonly BaseFhirJsonDeserializer storedJsonDeserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));
    private readonly BaseFhirXmlDeserializer xmlDeserializer;
    private readonly BaseFhirJsonSerializer jsonSerializer = new FhirJsonSerializer();
    private readonly BaseFhirXmlSerializer xmlSerializer = new FhirXmlSerializer();

    public FhirSerializer()
    {
        var settings = new DeserializerSettings().UsingMode(DeserializationMode.Strict);
        jsonDeserializer = new FhirJsonDeserializer(settings);
        xmlDeserializer = new FhirXmlDeserializer(settings);
    }

    /// <summary>Parses a request body; a parse failure names what is wrong and where.</summary>
    public ParseResult Parse(ReadOnlySpan<byte> body, FhirFormat format) =>
        format == FhirFormat.Json ? ParseJson(body) : ParseXml(body);

    public ParseResult ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 128 });
            jsonDeserializer.TryDeserializeResource(ref reader, out var resource, out var issues);
            return Classify(resource, issues);
        }
        catch (JsonException ex)
        {
            return ParseResult.Fail([new ParseIssue($"Body is not valid JSON: {ex.Message}", null)]);
        }
        catch (DeserializationFailedException ex)
        {
            return ParseResult.Fail(Describe(ex.Exceptions));
        }
    }

    public ParseResult ParseXml(ReadOnlySpan<byte> utf8)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersFromEntities = 0,
        };
        try
        {
            using var stream = new MemoryStream(utf8.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            xmlDeserializer.TryDeserializeResource(reader, out var resource, out var issues);
            return Classify(resource, issues);
        }
        catch (XmlException ex)
        {
            var message = ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "XML with a DTD or entity declarations is refused (DTDs and external entities are not allowed)."
                : $"Body is not well-formed XML: {ex.Message}";
            return ParseResult.Fail([new ParseIssue(message, null)]);
        }
        catch (DeserializationFailedException ex)
        {
            return ParseResult.Fail(Describe(ex.Exceptions));
        }
    }

    /// <summary>
    /// How this server writes JSON: stored versions, response bodies, and the parts of a streamed
    /// <see cref="StoredBundle"/>, so JSON spliced from one into another is written the same way.
    /// </summary>
    public static JsonWriterOptions JsonOptions(bool pretty = false) =>
        new() { Indented = pretty, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a resource or an element (a Meta, a bundle entry's search or response) as a JSON value at the writer's position.</summary>
    public void WriteJson(Base element, Utf8JsonWriter writer) => jsonSerializer.Serialize(element, writer, NoFilter);

    /// <summary>Serializes to FHIR JSON, optionally pretty and filtered by <c>_summary</c>/<c>_elements</c>.</summary>
    public string ToJson(Base resource, bool pretty = false, Func<SerializationFilter>? filter = null)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions(pretty)))
        {
            jsonSerializer.Serialize(resource, writer, filter ?? NoFilter);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public byte[] ToJsonBytes(Base resource)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions()))
        {
            jsonSerializer.Serialize(resource, writer, NoFilter);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public string ToXml(Base resource, bool pretty = false, Func<SerializationFilter>? filter = null)
    {
        var builder = new StringBuilder(4096);
        var settings = new XmlWriterSettings { Indent = pretty, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), settings))
        {
            xmlSerializer.Serialize(resource, writer, filter ?? NoFilter, null!);
        }

        return builder.ToString();
    }

    public string Serialize(Base resource, FhirFormat format, bool pretty = false, Func<SerializationFilter>? filter = null) =>
        format == FhirFormat.Json ? ToJson(resource, pretty, filter) : ToXml(resource, pretty, filter);

    /// <summary>
    /// Re-parses JSON the server itself wrote (stored versions, or its own serialization of one): it
    /// was valid when written, so it is read without validating it again. Broken JSON still throws.
    /// </summary>
    public Resource FromStoredJson(string json)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 128 });
            storedJsonDeserializer.TryDeserializeResource(ref reader, out var resource, out _);
            if (resource is not null)
            {
                return resource;
            }
        }
        catch (Exception ex) when (ex is JsonException or DeserializationFailedException)
        {
            throw new InvalidOperationException("Stored JSON no longer parses: " + ex.Message, ex);
        }

        throw new InvalidOperationException("Stored JSON no longer parses as a resource.");
    }

    /// <summary>
    /// Findings that mean the body is not a well-formed instance of the type (unknown element or
    /// resource type, wrong JSON literal type, misspelt case), which http.html answers with 400;
    /// the other findings (cardinality, invalid codes) are content errors: 422.
    /// </summary>
    private static readonly HashSet<string> StructuralCodes = new(StringComparer.Ordinal)
    {
        "PVAL123", // literal of the wrong JSON type
        "PVAL124", // literal not parseable as the element's type
        "PVAL127", // type mismatch
        "PVAL128", // unknown element
        "PVAL130", // unknown resource type
        "PVAL131", // element name with the wrong case
        "PVAL132", // resource type with the wrong case
    };

    private static SerializationFilter NoFilter() => null!;

    /// <summary>Validation findings on a parsed resource are 422 material; anything else means it did not parse.</summary>
    private static ParseResult Classify(Resource? resource, IEnumerable<CodedException>? issues)
    {
        var all = issues?.ToList() ?? [];
        if (resource is not null && all.Count == 0)
        {
            return ParseResult.Ok(resource);
        }

        if (resource is not null && all.All(i => i is Hl7.Fhir.Validation.CodedValidationException && !StructuralCodes.Contains(i.ErrorCode)))
        {
            return new ParseResult(resource, [], Describe(all));
        }

        return ParseResult.Fail(Describe(all));
    }

    private static IReadOnlyList<ParseIssue> Describe(IEnumerable<CodedException>? issues)
    {
        var list = new List<ParseIssue>();
        foreach (var issue in issues ?? [])
        {
            string? location = issue is ExtendedCodedException extended ? extended.InstancePath : null;
            var message = issue is ExtendedCodedException { BaseErrorMessage: { Length: > 0 } baseMessage } ? baseMessage : issue.Message;
            list.Add(new ParseIssue(message, location));
        }

        if (list.Count == 0)
        {
            list.Add(new ParseIssue("Body is not a FHIR resource.", null));
        }

        return list;
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
