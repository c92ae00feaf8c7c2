CREATE DATABASE dcn_register;
