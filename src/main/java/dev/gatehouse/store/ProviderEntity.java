package dev.gatehouse.store;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A token provider (Clerk, Auth0, Okta, OIDC) registered in a workspace. */
@Entity
@Table(name = "gh_provider")
public class ProviderEntity extends WorkspaceItemEntity {
  @Column(name = "provider_type", nullable = false, length = 16)
  private String providerType;

  @Column(name = "issuer", nullable = false, length = 2048)
  private String issuer;

  @Column(name = "issuer_hash", nullable = false, length = 64)
  private String issuerHash;

  @Column(name = "jwks_uri", length = 2048)
  private String jwksUri;

  @Convert(converter = StringListConverter.class)
  @Column(name = "allowed_audiences", nullable = false, length = 16000)
  private List<String> allowedAudiences = new ArrayList<>();

  @Convert(converter = StringListConverter.class)
  @Column(name = "authorized_parties", nullable = false, length = 16000)
  private List<String> authorizedParties = new ArrayList<>();

  @Convert(converter = StringListConverter.class)
  @Column(name = "allowed_algorithms", nullable = false, length = 1000)
  private List<String> allowedAlgorithms = new ArrayList<>();

  @Column(name = "clock_skew_seconds", nullable = false)
  private int clockSkewSeconds;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "gh_claim_mapping", joinColumns = @JoinColumn(name = "provider_id"))
  @OrderColumn(name = "mapping_index")
  private List<ClaimMappingEmbeddable> claimMappings = new ArrayList<>();

  public String getProviderType() {
    return providerType;
  }

  public void setProviderType(String providerType) {
    this.providerType = providerType;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getIssuerHash() {
    return issuerHash;
  }

  public void setIssuerHash(String issuerHash) {
    this.issuerHash = issuerHash;
  }

  public String getJwksUri() {
    return jwksUri;
  }

  public void setJwksUri(String jwksUri) {
    this.jwksUri = jwksUri;
  }

  public List<String> getAllowedAudiences() {
    return allowedAudiences;
  }

  public void setAllowedAudiences(List<String> allowedAudiences) {
    this.allowedAudiences = new ArrayList<>(allowedAudiences);
  }

  public List<String> getAuthorizedParties() {
    return authorizedParties;
  }

  public void setAuthorizedParties(List<String> authorizedParties) {
    this.authorizedParties = new ArrayList<>(authorizedParties);
  }

  public List<String> getAllowedAlgorithms() {
    return allowedAlgorithms;
  }

  public void setAllowedAlgorithms(List<String> allowedAlgorithms) {
    this.allowedAlgorithms = new ArrayList<>(allowedAlgorithms);
  }

  public int getClockSkewSeconds() {
    return clockSkewSeconds;
  }

  public void setClockSkewSeconds(int clockSkewSeconds) {
    this.clockSkewSeconds = clockSkewSeconds;
  }

  public List<ClaimMappingEmbeddable> getClaimMappings() {
    return claimMappings;
  }

  public void setClaimMappings(List<ClaimMappingEmbeddable> claimMappings) {
    this.claimMappings.clear();
    this.claimMappings.addAll(claimMappings);
  }
}
