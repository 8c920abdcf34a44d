using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.Verify.Resources;

/// <summary>Converts a FHIR R4 XML resource to its JSON representation with the Firely SDK.</summary>
internal static class XmlResourceConverter
{
    /// <summary>The FHIR JSON (UTF-8) of the resource given as XML.</summary>
    /// <exception cref="FormatException">The XML is not a valid FHIR R4 resource.</exception>
    public static byte[] ToJson(string xml)
    {
        Resource resource;
        try
        {
            resource = new FhirXmlDeserializer().DeserializeResource(xml);
        }
        catch (DeserializationFailedException ex)
        {
            throw new FormatException($"not a valid FHIR R4 XML resource: {ex.Message}", ex);
        }

        return Encoding.UTF8.GetBytes(new FhirJsonSerializer().SerializeToString(resource));
    }
}
