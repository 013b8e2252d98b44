//! The ID token checks, on tokens made here: one signed by the provider's key and correct,
//! then each way a token can be wrong. (The whole flow runs against a real provider in the
//! browser tests.)

use super::*;
use chrono::{Duration as Span, Utc};
use openidconnect::core::{
    CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserEmail, JsonWebKeyId, PrivateSigningKey, StandardClaims,
    SubjectIdentifier,
};

/// Test-only keys (made for these tests; they sign nothing else).
const PROVIDER_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEAu02864q5pBoLnhlzHibE9trFLDisPNONdJeHIV1zDY5NdA4p\nx13T8iULS+GeIWumiCbdiFu8gcVbvm8axYbz+vqqIO2UHwTCgcfcWR1OeiyFTK1E\n24/GIV7M4wAbgpQ/aStO7StdnXbUSbDnDgIMBKoZaOMFscaoBAyqtxaO2rty25r1\ntZJmbyne8sC0X30rNl9D23xktJt1WvCsLpMQgGrwAkrVkvHGBv73ArNBGPssoso4\nK7mZUQN8pCZxI/rsR6hGnxy4J6xaVCK/bWYpOQO9D4+Cbr8FEiG12ND09WRwEF2u\nPJHdQsWA07qNrL0lGrjMhEL9VYEjrrSoCjKPQwIDAQABAoIBADcmh6cPPOQt6xfN\nRJEvNzW8auw/b6+lVvRqnZZcbsEiEnpGpVSXsw2MjMv2DdqnWOykDPzWjiXj18S1\n8DsTJonS/v8dFU0g2KjgEWiH8ZCVxVYzep/vsJYo1MlOQctsHVO5Nc8twq3XzGA6\nX35HagSBlWPF3OpgpR40IJwyXzPWFqsKUcoyKvBHomOAzEj6zdxwRk55/b1y2cYG\n+XBtMBMQKifEdVaV7oV5KySX7lzGeu4GKR6vqNbMuF5c9MCzLGc62kKkaLIyVhLJ\n5Jx9+fJfE6ir7zs56P9Euiys/hzyFnIQdaoEjziweX1mcKZaUGr4x1wbpiSSpJVO\n8reptxECgYEA6BAR2Isph17JTDghc81P24XdB1aXVd9JWnvilig3JU7xXALZFjUk\nh6fD9dYeNT74QtVIsAW9CGa9jifXvdx+616z5TxzEXJYaLNLLQtOTdUY3yILrri7\nbDksYJIqktuqs88lE6Eitp4a7l7BZ2QQ5MuaOdm8ybM3JLL3NPQksksCgYEAzp++\nYWMwpZ1qxB4d717w+mx2ynw28rCJ5m5jORh8XImL+cBXc8mj1otih68274gscNV2\n7h2DKLqL/R4BlOrOkltA9deVRQiga6nWSv327JeTfpzZEHfzzqPX+25hXIQlLI1U\nyQGihzf6vO/z72rLVlPMwVNCIQFOIg9kxvX/O+kCgYEAjHDdO/3MXj6A+H2n0RtZ\nzvLOdxhycee1zurWkCU6anvCGfsnQgdbWjWvpGG22maHfHrziIOQiTsUUKnQKPj+\nXpdrq7nPsalP091eC56h/vyOFsvV4iGuW6qmLrOGzGXggv1D5QNJrNc2WThDN70Z\ndD270nLxi+fH4Y/lh8iRRM0CgYEAvM+OmdGZD43UlVfsBOPeEwhwWMG/OHAH43C1\n7OOqKKlsJpITl/QHajK+m7yJ18K40XbPEfIX+2zUJT15NoqGr4kByGTyuz2R0jBF\naQu/yx0Lo+RSGlFykj54TALmpzL+AUM42eFLkoKd9m7SmtIc80rqTTL2t9BIhKlK\nbuE2FZkCgYEA40ETqKgr+okVW5CMK9ucubu0v0Mmb0bkGd0xfoSq2A2DyWXYlyUL\nTsVoYUo/1tuVxCbuoO4xrnSkoDV1+GjDY1fICVVo47+hq4A54WYnFungxviEd1QV\n2EHaSjjkYtqped6XxB2MIHYe53SEFyLgZ978qTwjP3MG3/joIvf5qx0=\n-----END RSA PRIVATE KEY-----\n";
const OTHER_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEoQIBAAKCAQEA3lawrHOIgawZomHK0h8LcFFWw3VLwdmqLYOZIdBOzP4rZyFj\nnpajDJ9k8FcvVsrbCzVdwsACbFANV0fnwKUncN83AY7CJ1YlSrwX0/5WmlGrmjrn\nOEfgHEzwFuxQ6/YFJrL0SVfBwy0vAZK8vYlVXeZvD/as8mQxP7cFv0Ku6oIWwIuX\nu4meBovkQ2diCtsP1xJrIb3lOgAAgawqHbP1vQGoJ/+UueD6m+oB90aNFn7IVHUo\nVBNMAYqh+uVqQSOQNV93AtfGJ6R7VTejl9oOwE711WXGPoGOOoHb+rEGKmEo+iqd\n92525eQm91xqwieuGUZ8xpRyKvzpRx6zYYh1BQIDAQABAoIBAAj1RDQGiaLz3KqK\ntyHFJ3BUjqLcaHt8ehtQWIyguHQQ7429riZXGmWpTGdUk+8yyCWI9mig1NgpV4hD\nOOatoMuu6qfw6Qits13x+yHK9xFLphbWNbeySajKPsglqFMBfA6lmisUUpW7DdBJ\n6bnXPS3F2YayoSA5AjT3ek9M8AA5v1bfn7m+CE6w819ANwQ8M1UBVXzBaAlPEjxU\np3451KwHrYuSSFlxp1tjGtzjlWA39M7tzAauFWewXsT13ccna5WSfYIUbmkNgART\naZJ+C2q211SjSeGyYOBW1YPupuN7uvtzLZboyqDTcSTmHNWBknFjMCrLTurFe/S0\nRqHQv6cCgYEA9IJ0Die8GTgCuQPauQvDoDp4PqW6CUNouTD2GAQU5rqpBzTUw5hG\nvta8Hj6zO3mK25IAPrwzEa/RInSZsQWW6RocBfBhH6SIHPEJXSqAYw91sJjKlUdu\nqKlkpPqJpSegpICCuZLgczsyY3y7W0NFMaQp1JTeGwWlYrjcyr1K/i8CgYEA6MmC\n8yuahH6GpF6QwTDOeT0KZUoMBfiE/7nqAVbQj+tiH2YSP1fMR5gmKFz2LvjhBEgL\noLAmzNWyeSRpBzpd5iyP4UlYA8foDoUzFYZBZKYcTtZDNL9mBoJbbFiz4Pkw1sT4\nsoC7C2lXpnUgYi8Bg/mht6jeKrwDizDrWNqXxwsCgYAcD1CEQ1kZx8zAMMoMDGaR\n38Pm5Jv57it5fT3wuZ8wb2Fwe0ajf7k2s2v5SJbHD4a49gNjL7PoprWob5snro2I\nCMAIinKK8BXSxHKfp33+YErQTmiJQx5W6sGrETl0o5yS5FCcPVfWwYdh1XGm4oxx\nSval98OZdEdrke18ssaFbwJ/cpK74POVGaEso7nnhS6AcSuZ8kB/qnCnBTZ79izE\nehFgOhQC5ypPYO2B2lvmzzeviGvtTSll72s+bGF/UA9qJ9/G8RsoNrQtgvgMLIvn\no6IeTK8oZM3PaWS/mpQN9KyxXQOVZEX3yaYPfd4oEisQk+RJtBtpPZ9MHzX0n8b2\n7QKBgQC020Z2PzVGoscrts6SJ2I7SKBps/V8XZdWVY4hrKiixa9pPxINFkXo0jXE\nmu8AKUqK7phv5kAMJjsToTl1jfWYezQ3iooFwD7LPPNCGMOTaNooEfiYdPnXljIJ\nQwiS0/IP5KWXGndZhtQXG1rcOnjMaIJt9RTq2XxYIdgbnZHO3g==\n-----END RSA PRIVATE KEY-----\n";

const ISSUER: &str = "https://id.example.org";
const CLIENT: &str = "posvet";

fn key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new("k1".into()))).unwrap()
}

/// A token as the provider would issue it, with `change` applied to its claims.
fn token(
    signing: &str,
    change: impl FnOnce(CoreIdTokenClaims) -> CoreIdTokenClaims,
) -> CoreIdToken {
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(ISSUER.into()).unwrap(),
        vec![Audience::new(CLIENT.into())],
        Utc::now() + Span::minutes(5),
        Utc::now(),
        StandardClaims::new(SubjectIdentifier::new("subject-1".into()))
            .set_email(Some(EndUserEmail::new("Ana@Example.org".into())))
            .set_email_verified(Some(true)),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new("nonce-1".into())));
    CoreIdToken::new(
        change(claims),
        &key(signing),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .unwrap()
}

/// What the client checks tokens with: the provider's published key, our client id, its issuer.
fn verifier() -> CoreIdTokenVerifier<'static> {
    let keys = CoreJsonWebKeySet::new(vec![key(PROVIDER_KEY).as_verification_key()]);
    CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(CLIENT.into()),
        ClientSecret::new("secret".into()),
        IssuerUrl::new(ISSUER.into()).unwrap(),
        keys,
    )
}

#[test]
fn a_correct_token_gives_its_identity() {
    let identity = verify(&token(PROVIDER_KEY, |c| c), &verifier(), "nonce-1").unwrap();
    assert_eq!(
        identity,
        Identity {
            subject: "subject-1".into(),
            email: Some("ana@example.org".into()),
            email_verified: true,
            name: None,
        }
    );
}

#[test]
fn a_forged_expired_misaddressed_or_replayed_token_is_refused() {
    let v = verifier();
    let forged = token(OTHER_KEY, |c| c);
    assert!(
        verify(&forged, &v, "nonce-1").is_err(),
        "signed by another key"
    );
    let expired = token(PROVIDER_KEY, |c| {
        c.set_expiration(Utc::now() - Span::minutes(1))
    });
    assert!(verify(&expired, &v, "nonce-1").is_err(), "expired");
    let other_issuer = token(PROVIDER_KEY, |c| {
        c.set_issuer(IssuerUrl::new("https://evil.example".into()).unwrap())
    });
    assert!(
        verify(&other_issuer, &v, "nonce-1").is_err(),
        "another issuer"
    );
    let other_client = token(PROVIDER_KEY, |c| {
        c.set_audiences(vec![Audience::new("other-app".into())])
    });
    assert!(
        verify(&other_client, &v, "nonce-1").is_err(),
        "for another client"
    );
    let good = token(PROVIDER_KEY, |c| c);
    assert!(
        verify(&good, &v, "nonce-2").is_err(),
        "another sign-in's nonce"
    );
    // A token whose signature was taken off (alg "none") is no token.
    let text = serde_json::to_value(&good).unwrap();
    let parts: Vec<&str> = text.as_str().unwrap().split('.').collect();
    let unsigned = format!("{}.{}.", "eyJhbGciOiJub25lIn0", parts[1]);
    let unsigned: Result<CoreIdToken, _> = serde_json::from_value(unsigned.into());
    assert!(
        unsigned.is_err() || verify(&unsigned.unwrap(), &v, "nonce-1").is_err(),
        "unsigned"
    );
}

#[test]
fn providers_come_from_the_environment_and_refuse_half_a_configuration() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(configs_from_env(env(&[])).unwrap(), vec![]);
    let found = configs_from_env(env(&[
        ("POSVET_OIDC_PROVIDERS", "city-id, google"),
        (
            "POSVET_OIDC_CITY_ID_ISSUER",
            "https://id.ljubljana.si/realms/mol",
        ),
        ("POSVET_OIDC_CITY_ID_CLIENT_ID", "posvet"),
        ("POSVET_OIDC_CITY_ID_NAME", "MOL prijava"),
        ("POSVET_OIDC_GOOGLE_CLIENT_ID", "123"),
    ]))
    .unwrap();
    assert_eq!(found[0].name, "MOL prijava");
    assert_eq!(found[0].client_secret, None);
    assert_eq!(found[1].issuer, "https://accounts.google.com");
    assert!(configs_from_env(env(&[("POSVET_OIDC_PROVIDERS", "city")])).is_err());
    assert!(configs_from_env(env(&[("POSVET_OIDC_PROVIDERS", "../x")])).is_err());
}
