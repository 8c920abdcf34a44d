using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

internal sealed class FhirDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IFhirDbContextFactory
    where TContext : FhirDbContext
{
    public FhirDbContext CreateDbContext() => inner.CreateDbContext();
}
