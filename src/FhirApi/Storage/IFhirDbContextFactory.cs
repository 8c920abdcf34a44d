namespace FhirChain.FhirApi.Storage;

/// <summary>Creates contexts for work outside a request scope (background signing, CLI commands, the HL7 listener).</summary>
internal interface IFhirDbContextFactory
{
    FhirDbContext CreateDbContext();
}
