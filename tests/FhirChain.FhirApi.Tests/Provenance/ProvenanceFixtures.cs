using System.Globalization;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Provenance;

internal static class ProvenanceFixtures
{
    public static async Task<List<Patient>> CreatePatientsAsync(HttpClient client, int count, string family = "Chalmers")
    {
        var patients = new List<Patient>();
        for (var i = 0; i < count; i++)
        {
            var patient = new Patient
            {
                Name = [new HumanName { Family = family, Given = ["Peter", i.ToString(CultureInfo.InvariantCulture)] }],
                Gender = AdministrativeGender.Male,
                BirthDate = "1974-12-25",
            };
            using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient);
            response.EnsureSuccessStatusCode();
            patients.Add(await response.ReadAsync<Patient>());
        }

        return patients;
    }

    public static long LeafIndex(Parameters parameters) =>
        long.Parse(parameters.Parameter.Single(p => p.Name == "leafIndex").Value!.ToString()!, CultureInfo.InvariantCulture);
}
