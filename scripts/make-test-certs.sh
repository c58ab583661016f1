#!/bin/sh
# Regenerates the TLS test certificates in __test__/fixtures/tls/ (committed,
# so the tests need no openssl). Everything is valid for 100 years except
# expired.pem, which expired in 2001. Run from the repository root.
set -eu
out=__test__/fixtures/tls
mkdir -p "$out"
cd "$out"
[ -n "${1:-}" ] || rm -f ./*.pem ./*.key ./*.srl
days=36500

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# leaf NAME CA SUBJECT_CN EXTENSIONS: a certificate for NAME signed by CA.
leaf() {
  ec_key "$1.key"
  printf '%s\n' "$4" > "$1.ext"
  openssl req -new -key "$1.key" -subj "/O=bun-sockets/CN=$3" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -sha256 -days $days \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

# CRLs by the test CA, valid for 100 years: crl-none.pem revokes nothing,
# crl-client.pem revokes client.pem, crl-server.pem revokes server.pem.
# (Also run alone, after the certificates: `sh $0 crls`.)
crls() {
  for name in none client server; do
    rm -rf crl-db && mkdir crl-db && : > crl-db/index.txt && echo 01 > crl-db/crlnumber
    cat > crl-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = crl-db/index.txt
crlnumber = crl-db/crlnumber
default_md = sha256
default_crl_days = $days
CNF
    if [ "$name" != none ]; then
      openssl ca -config crl-db/ca.cnf -cert ca.pem -keyfile ca.key -revoke "$name.pem" 2>/dev/null
    fi
    openssl ca -config crl-db/ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out "crl-$name.pem" 2>/dev/null
  done
  rm -rf crl-db
}
# An intermediate CA under the test CA, and a localhost certificate it
# issued (for chains completed from `ca`). (Also run alone, after the
# certificates: `sh $0 chain`.)
chain() {
  leaf intermediate ca 'bun-sockets test intermediate' 'basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign'
  leaf via-intermediate intermediate localhost 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth,clientAuth'
  rm -f ./*.srl
}
if [ "${1:-}" = crls ]; then
  crls
  exit 0
fi
if [ "${1:-}" = chain ]; then
  chain
  exit 0
fi

# A CA this suite trusts, and one it does not.
for ca in ca other-ca; do
  ec_key "$ca.key"
  openssl req -x509 -new -key "$ca.key" -sha256 -days $days -subj "/O=bun-sockets/CN=bun-sockets test $ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$ca.pem"
done

server_ext='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth'
leaf server ca localhost "$server_ext"
leaf wrong-host ca example.invalid 'subjectAltName=DNS:example.invalid
extendedKeyUsage=serverAuth'
leaf client ca 'bun-sockets test client' 'extendedKeyUsage=clientAuth'
leaf other-client other-ca 'bun-sockets untrusted client' 'extendedKeyUsage=clientAuth'

# The server's key again, as encrypted PKCS#8 (passphrase "bun-sockets").
openssl pkcs8 -topk8 -in server.key -v2 aes-256-cbc -passout pass:bun-sockets -out server-encrypted.key

# An RSA server certificate, for the RSA cipher suites.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-rsa.key 2>/dev/null
printf '%s\n' "$server_ext" > rsa.ext
openssl req -new -key server-rsa.key -subj "/O=bun-sockets/CN=localhost" -out rsa.csr
openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days $days -extfile rsa.ext \
  -out server-rsa.pem 2>/dev/null
rm -f rsa.csr rsa.ext

# Self-signed, for localhost.
ec_key self-signed.key
openssl req -x509 -new -key self-signed.key -sha256 -days $days -subj "/O=bun-sockets/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" -out self-signed.pem

# Expired in 2001 (openssl ca is the one tool that takes explicit dates).
ec_key expired.key
openssl req -new -key expired.key -subj "/O=bun-sockets/CN=localhost" -out expired.csr
mkdir -p ca-db && : > ca-db/index.txt && echo 01 > ca-db/serial
cat > ca-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[ext]
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage = serverAuth
CNF
openssl ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr \
  -startdate 20000101000000Z -enddate 20010101000000Z -extensions ext -notext -out expired.pem 2>/dev/null
rm -rf ca-db expired.csr ./*.srl
crls
chain
echo "certificates written to $out"
