module rudder.local/template-vectors

go 1.26
