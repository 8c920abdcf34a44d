using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FhirChain.FhirApi.Storage;

/// <summary>Used only by <c>dotnet ef migrations add</c>; the connection string is never opened.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlFhirDbContext>
{
    public PostgreSqlFhirDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlFhirDbContext>();
        options.UseNpgsql("Host=localhost;Database=design");
        return new PostgreSqlFhirDbContext(options.Options);
    }
}
